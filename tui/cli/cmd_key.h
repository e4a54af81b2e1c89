/* ggw key: this PC's signing key and, on the office PC, the keys the
 * ledger trusts. cmd_key (in cli.h's table) dispatches on the word after
 * "key" through the table in cmd_key.c: a subcommand is one row there and
 * a handler declared here or in its own header (cmd_key_admin.h). */
#ifndef GGW_CMD_KEY_H
#define GGW_CMD_KEY_H

#include "cli.h"

/* A subcommand handler: argv[0] = "key", argv[1] = the subcommand. */
typedef int (*key_subcommand_fn)(struct cli *cli, int argc, char **argv, struct ggw_error *err);

/* ggw key show [--line]: this PC's public key line (principal = this PC's
 * unit), fingerprint, phone code and key file; --line prints the
 * allowed-signers line only. Makes the default key if missing. */
int key_show(struct cli *cli, int argc, char **argv, struct ggw_error *err);

#endif
