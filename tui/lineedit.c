/* A UTF-8 line editor, one line or many. The cursor is a byte offset that
 * always sits on a character boundary; screen positions are display
 * columns measured with the terminal's widths, so a Chinese character is
 * one step for the arrows, one Backspace, and two columns. Text from an
 * input method arrives as a burst of characters: each is inserted in turn
 * and the cursor stays visible at the insertion point. */
#include <stdlib.h>
#include <string.h>

#include "tui.h"
#include "../model/text.h"

static int reserve(struct ledit *e, size_t need)
{
	if (need + 1 <= e->cap)
		return 0;
	size_t cap = e->cap ? e->cap : 64;
	while (cap < need + 1)
		cap *= 2;
	char *b = realloc(e->buf, cap);
	if (!b)
		return -1;
	e->buf = b;
	e->cap = cap;
	return 0;
}

void ledit_init(struct ledit *e, int multiline)
{
	memset(e, 0, sizeof(*e));
	e->multiline = multiline;
	e->goal_col = -1;
	e->maxbytes = 64 * 1024;
	if (reserve(e, 16) == 0)
		e->buf[0] = '\0';
}

void ledit_free(struct ledit *e)
{
	free(e->buf);
	free(e->vl);
	memset(e, 0, sizeof(*e));
}

void ledit_set(struct ledit *e, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (reserve(e, n) < 0)
		return;
	if (n)
		memcpy(e->buf, s, n);
	e->buf[n] = '\0';
	e->len = n;
	e->cur = n;
	e->goal_col = -1;
	e->top = 0;
	e->hscroll = 0;
	e->layout_width = 0;
}

void ledit_insert(struct ledit *e, const char *s, size_t n)
{
	if (e->len + n > e->maxbytes || reserve(e, e->len + n) < 0)
		return;
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, s, n);
	e->len += n;
	e->cur += n;
	e->layout_width = 0;
}

static size_t prev_char(const struct ledit *e, size_t pos)
{
	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && ((unsigned char)e->buf[pos] & 0xc0) == 0x80)
		pos--;
	return pos;
}

static size_t next_char(const struct ledit *e, size_t pos)
{
	uint32_t cp;

	if (pos >= e->len)
		return e->len;
	return pos + utf8_decode(e->buf + pos, e->len - pos, &cp);
}

static void delete_range(struct ledit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
	e->layout_width = 0;
}

static int push_vl(struct ledit *e, size_t start, size_t end, int cols)
{
	if (e->nvl == e->capvl) {
		size_t cap = e->capvl ? e->capvl * 2 : 16;
		struct vline *v = realloc(e->vl, cap * sizeof(*v));
		if (!v)
			return -1;
		e->vl = v;
		e->capvl = cap;
	}
	e->vl[e->nvl].start = start;
	e->vl[e->nvl].end = end;
	e->vl[e->nvl].cols = cols;
	e->nvl++;
	return 0;
}

/* Multi-line text wraps one column early, leaving room for the cursor
 * after a full line. */
size_t ledit_layout(struct ledit *e, int w)
{
	size_t pos = 0, start = 0, used;
	int c = 0, cw, width = e->multiline ? w - 1 : 1 << 30;
	uint32_t cp;

	if (e->layout_width == w && e->nvl > 0)
		return e->nvl;
	if (width < 2)
		width = 2;
	e->nvl = 0;
	while (pos < e->len) {
		used = utf8_decode(e->buf + pos, e->len - pos, &cp);
		if (cp == '\n') {
			push_vl(e, start, pos, c);
			pos += used;
			start = pos;
			c = 0;
			continue;
		}
		cw = cp_cols(cp);
		if (c + cw > width && pos > start) {
			push_vl(e, start, pos, c);
			start = pos;
			c = 0;
		}
		c += cw;
		pos += used;
	}
	push_vl(e, start, e->len, c);
	e->layout_width = w;
	return e->nvl;
}

static size_t cursor_line(struct ledit *e)
{
	size_t i;

	for (i = 0; i + 1 < e->nvl; i++)
		if (e->cur < e->vl[i + 1].start ||
		    (e->cur == e->vl[i].end && e->vl[i].end != e->vl[i + 1].start))
			break;
	return i;
}

void ledit_cursor_pos(struct ledit *e, int w, int *row, int *col)
{
	size_t i;

	ledit_layout(e, w);
	i = cursor_line(e);
	*row = (int)i;
	*col = str_cols_n(e->buf + e->vl[i].start, e->cur - e->vl[i].start);
}

/* Byte position on visual line i closest to column goal (never inside a
 * wide character). */
static size_t pos_at_col(struct ledit *e, size_t i, int goal)
{
	size_t pos = e->vl[i].start, end = e->vl[i].end, used;
	int c = 0, cw;
	uint32_t cp;

	while (pos < end) {
		used = utf8_decode(e->buf + pos, end - pos, &cp);
		cw = cp_cols(cp);
		if (c + cw > goal)
			break;
		c += cw;
		pos += used;
	}
	/* on a soft-wrapped line, the end is the next line's start */
	if (pos == end && i + 1 < e->nvl && e->vl[i + 1].start == end && pos > e->vl[i].start)
		pos = prev_char(e, pos);
	return pos;
}

int ledit_key(struct ledit *e, int key, int width)
{
	int row, col;
	char u[4];
	size_t n;

	if (key != TK(KEY_UP) && key != TK(KEY_DOWN))
		e->goal_col = -1;
	switch (key) {
	case TK(KEY_LEFT):
		if (e->cur == 0)
			return 0;
		e->cur = prev_char(e, e->cur);
		return 1;
	case TK(KEY_RIGHT):
		if (e->cur >= e->len)
			return 0;
		e->cur = next_char(e, e->cur);
		return 1;
	case TK(KEY_HOME):
	case TK_CTRL('a'):
		while (e->cur > 0 && e->buf[e->cur - 1] != '\n')
			e->cur--;
		return 1;
	case TK(KEY_END):
	case TK_CTRL('e'):
		while (e->cur < e->len && e->buf[e->cur] != '\n')
			e->cur++;
		return 1;
	case TK(KEY_UP):
	case TK(KEY_DOWN):
		if (!e->multiline)
			return 0;
		ledit_cursor_pos(e, width, &row, &col);
		if (e->goal_col < 0)
			e->goal_col = col;
		if (key == TK(KEY_UP) ? row == 0 : (size_t)row + 1 >= e->nvl)
			return 0;
		e->cur = pos_at_col(e, (size_t)(key == TK(KEY_UP) ? row - 1 : row + 1), e->goal_col);
		return 1;
	case TK_BS:
		if (e->cur == 0)
			return 1;
		delete_range(e, prev_char(e, e->cur), e->cur);
		return 1;
	case TK(KEY_DC):
	case TK_CTRL('d'):
		if (e->cur < e->len)
			delete_range(e, e->cur, next_char(e, e->cur));
		return 1;
	case TK_CTRL('u'):
		ledit_set(e, "");
		return 1;
	case TK_CTRL('k'): {
		size_t end = e->cur;
		while (end < e->len && e->buf[end] != '\n')
			end++;
		if (end == e->cur && end < e->len)
			end++;
		delete_range(e, e->cur, end);
		return 1;
	}
	case TK_ENTER:
		if (!e->multiline)
			return 0;
		ledit_insert(e, "\n", 1);
		return 1;
	default:
		break;
	}
	if (TK_IS_FN(key) || key < 32 || key == 127 || key > 0x10ffff)
		return 0;
	n = utf8_encode((uint32_t)key, u);
	ledit_insert(e, u, n);
	return 1;
}

void ledit_draw(struct ledit *e, int y, int x, int h, int w, attr_t attr, int focused)
{
	int row, col;

	if (w < 2 || h < 1)
		return;
	if (e->multiline) {
		ledit_cursor_pos(e, w, &row, &col);
		if (row < e->top)
			e->top = row;
		if (row >= e->top + h)
			e->top = row - h + 1;
		for (int i = 0; i < h; i++) {
			size_t li = (size_t)(e->top + i);
			if (li < e->nvl)
				draw_textn(y + i, x, e->buf + e->vl[li].start,
					   e->vl[li].end - e->vl[li].start, w, attr, DRAW_PAD | DRAW_CLIP);
			else
				draw_fill(y + i, x, w, attr);
		}
		if (focused)
			move(y + row - e->top, x + col);
		return;
	}
	/* one line: scroll sideways to keep the cursor in view */
	col = str_cols_n(e->buf, e->cur);
	if (col < e->hscroll)
		e->hscroll = col;
	if (col >= e->hscroll + w)
		e->hscroll = col - w + 1;
	{
		size_t pos = 0, used;
		int c = 0, cw, lead = 0;
		uint32_t cp;

		while (pos < e->len && c < e->hscroll) {
			used = utf8_decode(e->buf + pos, e->len - pos, &cp);
			cw = cp_cols(cp);
			c += cw;
			pos += used;
		}
		if (c > e->hscroll)
			lead = c - e->hscroll; /* a wide character half scrolled off */
		draw_fill(y, x, lead, attr);
		draw_textn(y, x + lead, e->buf + pos, e->len - pos, w - lead, attr, DRAW_PAD | DRAW_CLIP);
	}
	if (focused)
		move(y, x + col - e->hscroll);
}
