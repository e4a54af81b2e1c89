/* Terminal setup: locale and charset, raw keyboard (Ctrl-S/Ctrl-Q reach
 * us: no flow control), colours with a monochrome fallback, ASCII glyph
 * fallbacks, key reading (from the keyboard or from a key script for
 * benchmarks and tests), and keystroke timings. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "tui.h"
#include "../model/i18n.h"
#include "../model/text.h"

struct term term;

static SCREEN *screen;
static char *script;       /* whole GGW_TUI_SCRIPT file */
static size_t script_pos, script_len;

double term_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int codeset_is(const char *cs, const char *want)
{
	return strcasecmp(cs, want) == 0;
}

/* The interface needs a locale that can show Chinese: UTF-8, GB18030, and
 * the older Chinese code sets (GBK, GB2312, BIG5) whose locales know CJK
 * widths; ncursesw converts to them on output and characters they lack
 * fall back to ASCII glyphs. Anything else (C, POSIX, Latin-1) is replaced
 * for LC_CTYPE only. */
static void choose_ctype(void)
{
	const char *cs = nl_langinfo(CODESET);
	static const char *const fallbacks[] = { "C.UTF-8", "C.utf8", "en_US.UTF-8", NULL };

	if (cs && (codeset_is(cs, "UTF-8") || codeset_is(cs, "GB18030") ||
		   wcwidth((wchar_t)0x4E2D) == 2)) {
		snprintf(term.codeset, sizeof(term.codeset), "%s", cs);
		term.codeset_utf8 = codeset_is(cs, "UTF-8");
		return;
	}
	for (size_t i = 0; fallbacks[i]; i++)
		if (setlocale(LC_CTYPE, fallbacks[i]))
			break;
	cs = nl_langinfo(CODESET);
	snprintf(term.codeset, sizeof(term.codeset), "%s", cs ? cs : "?");
	term.codeset_utf8 = cs && codeset_is(cs, "UTF-8");
}

static int glyph_ok(const char *utf8)
{
	/* Representable in the locale and printable with a known width. */
	wchar_t w[4];
	size_t n = 0, len = strlen(utf8), used;
	uint32_t cp;

	while (len > 0 && n < 4 && (used = utf8_decode(utf8, len, &cp)) > 0) {
		w[n++] = (wchar_t)cp;
		utf8 += used;
		len -= used;
	}
	for (size_t i = 0; i < n; i++)
		if (wcwidth(w[i]) < 1)
			return 0;
	return 1;
}

static void choose_glyphs(void)
{
	/* Unicode, and the ASCII fallbacks */
	static const struct glyphs sets[2] = {
		{ "…", { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█" }, "─", "│", "·", 0 },
		{ "~", { "", "", "", "", "#", "#", "#", "#", "#" }, "-", "|", "-", 1 },
	};
	const char *t = getenv("TERM");
	const char *force = getenv("GGW_ASCII");
	int ascii = 0;

	/* The Linux console's font has no CJK or block glyphs anyway. */
	if ((t && strncmp(t, "linux", 5) == 0) || (force && *force && *force != '0'))
		ascii = 1;
	if (!ascii && !(glyph_ok("…") && glyph_ok("█") && glyph_ok("─") && glyph_ok("│")))
		ascii = 1;
	term.g = sets[ascii];
}

static void choose_colours(void)
{
	const char *nc = getenv("NO_COLOR");
	int colour = has_colors() && !(nc && *nc);
	attr_t *a = term.attr;

	term.colour = colour;
	if (colour) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_WHITE, COLOR_BLUE);   /* title, key labels */
		init_pair(2, COLOR_BLACK, COLOR_CYAN);   /* selection */
		init_pair(3, COLOR_RED, -1);             /* warnings */
		init_pair(4, COLOR_GREEN, -1);           /* ok */
		init_pair(5, COLOR_YELLOW, -1);          /* labels */
		init_pair(6, COLOR_BLACK, COLOR_WHITE);  /* field being edited */
		init_pair(7, COLOR_WHITE, COLOR_RED);    /* errors */
		init_pair(8, COLOR_CYAN, -1);            /* bars */
		a[R_NORMAL] = A_NORMAL;
		a[R_TITLE] = COLOR_PAIR(1) | A_BOLD;
		a[R_SEL] = COLOR_PAIR(2);
		a[R_WARN] = COLOR_PAIR(3) | A_BOLD;
		a[R_GOOD] = COLOR_PAIR(4);
		a[R_DIM] = A_DIM;
		a[R_FKEY_NUM] = A_BOLD;
		a[R_FKEY_LABEL] = COLOR_PAIR(1);
		a[R_LABEL] = COLOR_PAIR(5);
		a[R_FIELD] = A_UNDERLINE;
		a[R_FIELD_CUR] = COLOR_PAIR(6);
		a[R_ERROR] = COLOR_PAIR(7) | A_BOLD;
		a[R_BAR] = COLOR_PAIR(8);
		a[R_HEAD] = A_BOLD | A_UNDERLINE;
	} else {
		a[R_NORMAL] = A_NORMAL;
		a[R_TITLE] = A_REVERSE;
		a[R_SEL] = A_REVERSE;
		a[R_WARN] = A_BOLD;
		a[R_GOOD] = A_NORMAL;
		a[R_DIM] = A_NORMAL;
		a[R_FKEY_NUM] = A_BOLD;
		a[R_FKEY_LABEL] = A_REVERSE;
		a[R_LABEL] = A_NORMAL;
		a[R_FIELD] = A_UNDERLINE;
		a[R_FIELD_CUR] = A_REVERSE;
		a[R_ERROR] = A_BOLD | A_REVERSE;
		a[R_BAR] = A_NORMAL;
		a[R_HEAD] = A_BOLD | A_UNDERLINE;
	}
}

static int load_script(struct ggw_error *err)
{
	const char *path = getenv("GGW_TUI_SCRIPT");
	FILE *f;
	long n;

	if (!path || !*path)
		return 0;
	f = fopen(path, "rb");
	if (!f)
		return ggw_fail(err, GGW_EIO, _("读不了按键脚本 %s"), path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	script = malloc(n > 0 ? (size_t)n + 1 : 1);
	if (!script) {
		fclose(f);
		return ggw_oom(err);
	}
	script_len = n > 0 ? fread(script, 1, (size_t)n, f) : 0;
	script[script_len] = '\0';
	fclose(f);
	term.script = getenv("GGW_TUI_VERBOSE") ? 2 : 1;
	return 0;
}

int term_init(struct ggw_error *err)
{
	const char *tname = getenv("TERM");
	int rc;

	memset(&term, 0, sizeof(term));
	term.t_start = term_now_ms();
	if ((rc = load_script(err)) < 0)
		return rc;
	if (!term.script && (!isatty(0) || !isatty(1)))
		return ggw_fail(err, GGW_EUSAGE, "%s", _("全屏界面需要在终端里运行；脚本请用 ggw list、ggw add 等命令。"));
	choose_ctype();
	if (!getenv("ESCDELAY"))
		setenv("ESCDELAY", "40", 1);
	screen = newterm(tname && *tname ? NULL : "xterm", stdout, stdin);
	if (!screen && term.script)
		screen = newterm("xterm", stdout, stdin);
	if (!screen)
		return ggw_fail(err, GGW_EUSAGE, _("无法打开终端（TERM=%s）"), tname ? tname : "");
	set_term(screen);
	raw();            /* Ctrl-S, Ctrl-Q, Ctrl-C come to us: nothing freezes */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	meta(stdscr, TRUE);
	/* In a key script stdin may be anything: never let ncurses' typeahead
	 * check skip drawing. */
	if (term.script)
		typeahead(-1);
	choose_colours();
	choose_glyphs();
	curs_set(0);
	return 0;
}

void term_end(void)
{
	if (!screen)
		return;
	endwin();
	delscreen(screen);
	screen = NULL;
	if (term.script) {
		fprintf(stderr, "ggw-tui: first-draw %.1f ms; first-key %.1f ms; keys %ld; mean %.2f ms; max %.2f ms\n",
			term.t_first_draw - term.t_start,
			term.t_first_key ? term.t_first_key - term.t_start : 0.0, term.nkeys,
			term.nkeys ? term.key_total / term.nkeys : 0.0, term.key_max);
	}
	free(script);
	script = NULL;
}

void term_refresh(void)
{
	double now;

	wnoutrefresh(stdscr);
	doupdate();
	now = term_now_ms();
	if (term.t_first_draw == 0)
		term.t_first_draw = now;
	if (term.t_key > 0) {
		double dt = now - term.t_key;
		if (term.t_first_key == 0)
			term.t_first_key = now;
		term.nkeys++;
		term.key_total += dt;
		if (dt > term.key_max)
			term.key_max = dt;
		if (term.script > 1)
			fprintf(stderr, "ggw-tui: key %ld: %.2f ms\n", term.nkeys, dt);
		term.t_key = 0;
	}
}

static const struct { const char *name; int key; } key_names[] = {
	{ "Enter", TK_ENTER }, { "Tab", TK_TAB }, { "BTab", TK_BTAB }, { "Esc", TK_ESC },
	{ "Up", TK(KEY_UP) }, { "Down", TK(KEY_DOWN) }, { "Left", TK(KEY_LEFT) },
	{ "Right", TK(KEY_RIGHT) }, { "PgUp", TK(KEY_PPAGE) }, { "PgDn", TK(KEY_NPAGE) },
	{ "Home", TK(KEY_HOME) }, { "End", TK(KEY_END) }, { "BS", TK_BS },
	{ "Del", TK(KEY_DC) }, { "Space", ' ' }, { "Resize", TK_RESIZE },
	{ NULL, 0 }
};

/* Script syntax: text is typed as it is; <Name> is a key (Enter Tab BTab
 * Esc Up Down Left Right PgUp PgDn Home End BS Del Space F1..F12 C-x);
 * "<<" is a '<'; newlines are ignored. */
static int script_key(void)
{
	uint32_t cp;
	const unsigned char *s;

	for (;;) {
		if (script_pos >= script_len)
			return TK_END_SCRIPT;
		s = (const unsigned char *)script + script_pos;
		if (*s == '\n' || *s == '\r') {
			script_pos++;
			continue;
		}
		break;
	}
	if (*s == '<') {
		const char *close;
		if (s[1] == '<') {
			script_pos += 2;
			return '<';
		}
		close = strchr((const char *)s, '>');
		if (close) {
			size_t n = (size_t)(close - (const char *)s) - 1;
			char name[32];
			if (n < sizeof(name)) {
				memcpy(name, s + 1, n);
				name[n] = '\0';
				script_pos += n + 2;
				if (name[0] == 'F' && name[1] >= '0' && name[1] <= '9')
					return TK_FKEY(atoi(name + 1));
				if (name[0] == 'C' && name[1] == '-' && name[2] && !name[3])
					return TK_CTRL(name[2]);
				for (size_t i = 0; key_names[i].name; i++)
					if (!strcmp(key_names[i].name, name))
						return key_names[i].key;
				return -1;
			}
		}
	}
	script_pos += utf8_decode((const char *)s, script_len - script_pos, &cp);
	if (script_pos > script_len)
		script_pos = script_len;
	return (int)cp;
}

static int normalize(int rc, wint_t wch)
{
	if (rc == ERR)
		return -1;
	if (rc == KEY_CODE_YES) {
		if (wch == KEY_ENTER)
			return TK_ENTER;
		if (wch == KEY_BACKSPACE)
			return TK_BS;
		return TK((int)wch);
	}
	if (wch == '\n' || wch == '\r')
		return TK_ENTER;
	if (wch == 127 || wch == 8)
		return TK_BS;
	return (int)wch; /* glibc: wchar_t is the Unicode code point */
}

int term_getkey(void)
{
	wint_t wch = 0;
	int key;

	if (term.has_pending) {
		term.has_pending = 0;
		key = term.pending_key;
	} else if (term.script) {
		key = script_key();
	} else {
		int errs = 0;
		do {
			int rc = get_wch(&wch);
			key = normalize(rc, wch);
			/* a blocking read that keeps failing: the terminal is gone */
			if (key == -1 && ++errs > 50)
				key = TK_END_SCRIPT;
		} while (key == -1);
	}
	term.t_key = term_now_ms();
	return key;
}

int term_key_waiting(void)
{
	wint_t wch = 0;
	int key;

	if (term.has_pending || term.script)
		return term.has_pending || script_pos < script_len;
	timeout(0);
	key = normalize(get_wch(&wch), wch);
	timeout(-1);
	if (key == -1)
		return 0;
	term.has_pending = 1;
	term.pending_key = key;
	return 1;
}

int term_getkey_timeout(int ms)
{
	wint_t wch = 0;
	int key, rc;

	if (term.has_pending)
		return term_getkey();
	if (term.script) {
		/* In a script, time does not pass: report "no key" every other call
		 * so loops waiting on background work still run. */
		static int flip;
		if ((flip ^= 1))
			return -1;
		return term_getkey();
	}
	timeout(ms);
	rc = get_wch(&wch);
	key = normalize(rc, wch);
	timeout(-1);
	if (key != -1)
		term.t_key = term_now_ms();
	return key;
}

void term_key_name(int key, char *buf, size_t len)
{
	if (key >= TK_FKEY(1) && key <= TK_FKEY(24)) {
		snprintf(buf, len, "F%d", key - TK_FKEY(0));
		return;
	}
	switch (key) {
	case TK_ENTER: snprintf(buf, len, "Enter"); return;
	case TK_ESC: snprintf(buf, len, "Esc"); return;
	case TK_TAB: snprintf(buf, len, "Tab"); return;
	case TK_BTAB: snprintf(buf, len, "Shift-Tab"); return;
	case TK(KEY_UP): snprintf(buf, len, "%s", term.g.ascii ? "Up" : "↑"); return;
	case TK(KEY_DOWN): snprintf(buf, len, "%s", term.g.ascii ? "Down" : "↓"); return;
	case TK(KEY_LEFT): snprintf(buf, len, "%s", term.g.ascii ? "Left" : "←"); return;
	case TK(KEY_RIGHT): snprintf(buf, len, "%s", term.g.ascii ? "Right" : "→"); return;
	case TK(KEY_PPAGE): snprintf(buf, len, "PgUp"); return;
	case TK(KEY_NPAGE): snprintf(buf, len, "PgDn"); return;
	case TK(KEY_HOME): snprintf(buf, len, "Home"); return;
	case TK(KEY_END): snprintf(buf, len, "End"); return;
	case TK_BS: snprintf(buf, len, "Backspace"); return;
	case ' ': snprintf(buf, len, "%s", _("空格")); return;
	default: break;
	}
	if (key > 0 && key < 32)
		snprintf(buf, len, "Ctrl-%c", key + 'A' - 1);
	else if (key > 32 && key < 127)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "?");
}
