// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl: configure the in-kernel Host Identity Protocol (hip.ko).
 *
 * Global options, then a command from the table below (wg(8) style).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <linux/hip.h>

#include "netns.h"
#include "subcommands.h"
#include "util.h"

#ifndef HIPCTL_VERSION
#define HIPCTL_VERSION "unknown"
#endif

static int help_main(int argc, char *argv[]);
static int version_main(int argc, char *argv[]);

static const struct {
	const char *name;
	int (*fn)(int argc, char *argv[]);
	bool offline;		/* needs neither the module nor -n */
	const char *description;
} commands[] = {
	{ "hi", hi_main, false, "Add, delete, change and show host identities" },
	{ "peer", peer_main, false, "Add, replace, delete and show peers" },
	{ "ha", ha_main, false, "Show and close host associations" },
	{ "stats", stats_main, false, "Show the counters of the namespace" },
	{ "config", config_main, false, "Show and change the namespace's settings" },
	{ "service", service_main, false, "Offer services as a registrar (rendezvous)" },
	{ "register", register_main, false, "Register at a registrar, show registrations" },
	{ "cert", cert_main, false, "Issue and verify delegation certificates" },
	{ "monitor", monitor_main, false, "Print host identity, association and registration events" },
	{ "bench", bench_main, false, "Synthetic associations and lookup timing (testing)" },
	{ "keygen", keygen_main, true, "Generate a private key file" },
	{ "hit", hit_main, true, "Print the HIT and LSI of a key file (offline)" },
	{ "help", help_main, true, "Show this help, or a command's help" },
	{ "version", version_main, true, "Show the version" },
};

static void usage(FILE *f)
{
	size_t i;

	fputs("Usage: " PROG_NAME " [ OPTIONS ] COMMAND [ ARGS ]\n"
	      "OPTIONS := { -j[son] | -n[etns] NETNS | -V[ersion] | -h[elp] }\n"
	      "COMMAND := { hi | peer | ha | stats | config | service | register | cert |\n"
	      "             monitor | bench | keygen | hit | help | version }\n"
	      "\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name,
			commands[i].description);
	fputs("\n"
	      "  " PROG_NAME " hi add FILE [ default ]\n"
	      "  " PROG_NAME " hi del HIT\n"
	      "  " PROG_NAME " hi set HIT default\n"
	      "  " PROG_NAME " hi show [ HIT ]\n"
	      "  " PROG_NAME " peer { add | replace } HIT [ lsi LSI ] [ locator ADDR ... ] [ rvs ADDR ]\n"
	      "  " PROG_NAME " peer del HIT\n"
	      "  " PROG_NAME " peer show [ HIT ]\n"
	      "  " PROG_NAME " ha show [ HIT ]\n"
	      "  " PROG_NAME " ha close HIT\n"
	      "  " PROG_NAME " stats\n"
	      "  " PROG_NAME " config show\n"
	      "  " PROG_NAME " config set [ puzzle-k N ] [ idle-timeout SECONDS ] [ esp-suite SUITE ]\n"
	      "         [ dh-group GROUP ] [ esp-seq-limit N ] [ null-crypto { on | off } ]\n"
	      "         [ cert-max-depth N ]\n"
	      "  " PROG_NAME " service { enable | disable } rvs [ lifetime-min SECONDS ]\n"
	      "         [ lifetime-max SECONDS ] [ allow HIT ... ]\n"
	      "  " PROG_NAME " service show\n"
	      "  " PROG_NAME " register HIT rvs [ lifetime SECONDS ]\n"
	      "  " PROG_NAME " register del HIT rvs\n"
	      "  " PROG_NAME " register show\n"
	      "  " PROG_NAME " cert issue --key KEY.pem --subject { KEY.pem | HIT }\n"
	      "         --lifetime DURATION [ --depth N ] [ --chain FILE ] -o FILE\n"
	      "  " PROG_NAME " cert verify FILE [ --hit HIT ] [ --host-id KEY.pem ] [ --max-depth N ]\n"
	      "  " PROG_NAME " monitor\n"
	      "  " PROG_NAME " bench { synth N [ sas ] | lookup M | clear | mem |\n"
	      "                 null-noauth { on | off } }\n"
	      "  " PROG_NAME " keygen { rsa [ --bits BITS ] | ecdsa [ --curve { P-256 | P-384 } ] | ed25519 }\n"
	      "         -o FILE [ --force ]\n"
	      "  " PROG_NAME " hit FILE\n"
	      "\n"
	      "See hipctl(8).\n", f);
}

static int version_main(int argc, char *argv[])
{
	(void)argc;
	(void)argv;
	printf(PROG_NAME " %s (generic netlink family \"%s\" version %d)\n",
	       HIPCTL_VERSION, HIP_FAMILY_NAME, HIP_FAMILY_VERSION);
	return EXIT_OK;
}

static int help_main(int argc, char *argv[])
{
	size_t i;

	if (argc < 2) {
		usage(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(argv[1], commands[i].name) &&
		    commands[i].fn != help_main) {
			char *args[] = { argv[1], "help", NULL };

			set_context(commands[i].name);
			return commands[i].fn(2, args);
		}
	}
	errorf("unknown command \"%s\" (try \"" PROG_NAME " help\")", argv[1]);
	return EXIT_USAGE;
}

int main(int argc, char *argv[])
{
	static const struct option long_opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "netns", required_argument, NULL, 'n' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	size_t i;
	int c, ret;

	opterr = 0;
	/* '+': stop at the command, its arguments are its own business */
	while ((c = getopt_long(argc, argv, "+jn:Vh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = true;
			break;
		case 'n':
			opts.netns = optarg;
			break;
		case 'V':
			return version_main(0, NULL);
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			if (optopt == 'n')
				errorf("option -n needs a NETNS");
			else if (optopt)
				errorf("unknown option \"-%c\" (try \"" PROG_NAME " help\")",
				       optopt);
			else
				errorf("unknown option \"%s\" (try \"" PROG_NAME " help\")",
				       argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if (argc < 1) {
		errorf("missing command (try \"" PROG_NAME " help\")");
		return EXIT_USAGE;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[0], commands[i].name))
			continue;
		set_context(commands[i].name);
		if (opts.netns && !commands[i].offline &&
		    netns_enter(opts.netns))
			return EXIT_FAIL;
		ret = commands[i].fn(argc, argv);
		/* Output that never made it (a full disk, say) is a failure. */
		if ((fflush(stdout) || ferror(stdout)) && ret == EXIT_OK) {
			errorf("write error on standard output: %s",
			       strerror(errno ? errno : EIO));
			ret = EXIT_FAIL;
		}
		return ret;
	}
	errorf("unknown command \"%s\" (try \"" PROG_NAME " help\")", argv[0]);
	return EXIT_USAGE;
}
