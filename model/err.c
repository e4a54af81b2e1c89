#include "err.h"

#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int ggw_fail(struct ggw_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

int ggw_prefix(struct ggw_error *err, const char *fmt, ...)
{
	char prefix[512], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return GGW_EIO;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Full-width colon in Chinese, ": " in English. */
	snprintf(err->msg, sizeof(err->msg), _("%s：%s"), prefix, old);
	return err->code;
}

void ggw_clear(struct ggw_error *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}

int ggw_oom(struct ggw_error *err)
{
	return ggw_fail(err, GGW_ENOMEM, "%s", _("内存不足"));
}

int ggw_exit_status(int code)
{
	switch (code) {
	case GGW_OK:
		return 0;
	case GGW_EUSAGE:
		return 2;
	case GGW_ENET:
		return 3;
	case GGW_EDAMAGED:
	case GGW_ELOCKED:
		return 4;
	default:
		return 1;
	}
}
