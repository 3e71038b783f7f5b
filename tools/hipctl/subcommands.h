/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * One entry point per top-level command; argv[0] is the command name.
 * Each returns the process exit status (EXIT_OK, EXIT_FAIL, EXIT_USAGE).
 */
#ifndef HIPCTL_SUBCOMMANDS_H
#define HIPCTL_SUBCOMMANDS_H

int keygen_main(int argc, char *argv[]);
int hit_main(int argc, char *argv[]);
int hi_main(int argc, char *argv[]);
int monitor_main(int argc, char *argv[]);
int peer_main(int argc, char *argv[]);
int ha_main(int argc, char *argv[]);
int stats_main(int argc, char *argv[]);
int config_main(int argc, char *argv[]);
int bench_main(int argc, char *argv[]);
int service_main(int argc, char *argv[]);
int register_main(int argc, char *argv[]);
int cert_main(int argc, char *argv[]);

#endif /* HIPCTL_SUBCOMMANDS_H */
