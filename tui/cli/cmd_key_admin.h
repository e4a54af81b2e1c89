/* ggw key add | revoke | list | request | accept: the office's keys and
 * the registration requests of new PCs (records/keys_admin.h), reached
 * from the `key` dispatcher in cmd_key.c. */
#ifndef GGW_CMD_KEY_ADMIN_H
#define GGW_CMD_KEY_ADMIN_H

#include "cli.h"

/* 1 if sub is one of these subcommands. */
int cmd_key_admin_handles(const char *sub);
/* argv[0] = "key", argv[1] = the subcommand. */
int cmd_key_admin(struct cli *cli, int argc, char **argv, struct ggw_error *err);

/* For ggw status: a line under remote name when this PC's commits stay
 * local (key not registered, or revoked), and a line for this PC's own
 * registration request while it waits. */
void keys_status_remote(struct repo *r, const char *name);
void keys_status_request(struct repo *r);

#endif
