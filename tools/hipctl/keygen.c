// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * hipctl keygen { rsa [--bits N] | ecdsa [--curve C] | ed25519 } -o FILE [--force]
 *
 * Writes a PEM PKCS#8 private key (what `openssl genpkey` writes) to a
 * file created with O_EXCL and mode 0600.  --force replaces an existing
 * file by unlinking it first, so the new key never inherits an old
 * file's permissions or links.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <linux/hip.h>

#include "subcommands.h"
#include "util.h"

#define RSA_DEFAULT_BITS	3072

static void keygen_usage(FILE *f)
{
	fputs("Usage: " PROG_NAME " keygen ALGO -o FILE [ --force ]\n"
	      "ALGO := { rsa [ --bits BITS ] | ecdsa [ --curve CURVE ] | ed25519 }\n"
	      "BITS := 2048..4096 (default 3072)\n"
	      "CURVE := { P-256 | P-384 } (default P-256)\n", f);
}

/* Option value of "--name VALUE" or "--name=VALUE"; NULL if not this option. */
static const char *opt_value(int argc, char *argv[], int *i,
			     const char *name, bool *missing)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (!strcmp(a, name)) {
		if (*i + 1 >= argc) {
			*missing = true;
			return NULL;
		}
		return argv[++*i];
	}
	if (name[1] == '-' && !strncmp(a, name, n) && a[n] == '=')
		return a + n + 1;
	return NULL;
}

static int write_key(const char *path, EVP_PKEY *pkey, int fd)
{
	BIO *bio = BIO_new(BIO_s_secmem());
	char *data;
	long len;
	ssize_t w;

	if (!bio || !PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0,
					      NULL, NULL)) {
		BIO_free(bio);
		errorf("%s: cannot encode the key", path);
		return -1;
	}
	len = BIO_get_mem_data(bio, &data);
	while (len > 0) {
		w = write(fd, data, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			errorf("%s: %s", path, strerror(w < 0 ? errno : EIO));
			BIO_free(bio);
			return -1;
		}
		data += w;
		len -= w;
	}
	BIO_free(bio);	/* secure memory BIO: cleansed on free */
	return 0;
}

int keygen_main(int argc, char *argv[])
{
	const char *algo, *out = NULL, *bits_arg = NULL, *curve_arg = NULL;
	const char *curve = "P-256", *val;
	unsigned long bits = RSA_DEFAULT_BITS;
	bool force = false, missing = false;
	EVP_PKEY *pkey = NULL;
	int i, fd;

	if (argc < 2) {
		errorf("missing algorithm (rsa, ecdsa or ed25519)");
		return EXIT_USAGE;
	}
	if (is_help(argv[1])) {
		keygen_usage(stdout);
		return EXIT_OK;
	}
	algo = argv[1];
	if (strcmp(algo, "rsa") && strcmp(algo, "ecdsa") &&
	    strcmp(algo, "ed25519")) {
		errorf("unknown algorithm \"%s\" (rsa, ecdsa or ed25519)", algo);
		return EXIT_USAGE;
	}

	for (i = 2; i < argc; i++) {
		if ((val = opt_value(argc, argv, &i, "-o", &missing)) ||
		    (val = opt_value(argc, argv, &i, "--output", &missing))) {
			out = val;
		} else if ((val = opt_value(argc, argv, &i, "--bits", &missing))) {
			bits_arg = val;
		} else if ((val = opt_value(argc, argv, &i, "--curve", &missing))) {
			curve_arg = val;
		} else if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f")) {
			force = true;
		} else if (is_help(argv[i])) {
			keygen_usage(stdout);
			return EXIT_OK;
		} else if (!missing) {
			errorf("unexpected argument \"%s\"", argv[i]);
			return EXIT_USAGE;
		}
		if (missing) {
			errorf("option \"%s\" needs a value", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (!out) {
		errorf("missing -o FILE");
		return EXIT_USAGE;
	}
	if (bits_arg) {
		char *end;

		if (strcmp(algo, "rsa")) {
			errorf("--bits applies to rsa only");
			return EXIT_USAGE;
		}
		errno = 0;
		bits = strtoul(bits_arg, &end, 10);
		if (errno || *end || end == bits_arg ||
		    bits < HIP_RSA_MIN_BITS || bits > HIP_RSA_MAX_BITS) {
			errorf("invalid RSA size \"%s\" (%u..%u bits)", bits_arg,
			       HIP_RSA_MIN_BITS, HIP_RSA_MAX_BITS);
			return EXIT_USAGE;
		}
	}
	if (curve_arg) {
		if (strcmp(algo, "ecdsa")) {
			errorf("--curve applies to ecdsa only");
			return EXIT_USAGE;
		}
		if (!strcasecmp(curve_arg, "P-256") ||
		    !strcmp(curve_arg, "prime256v1") ||
		    !strcmp(curve_arg, "secp256r1")) {
			curve = "P-256";
		} else if (!strcasecmp(curve_arg, "P-384") ||
			   !strcmp(curve_arg, "secp384r1")) {
			curve = "P-384";
		} else {
			errorf("unsupported curve \"%s\" (P-256 or P-384)",
			       curve_arg);
			return EXIT_USAGE;
		}
	}

	if (force && unlink(out) < 0 && errno != ENOENT) {
		errorf("%s: %s", out, strerror(errno));
		return EXIT_FAIL;
	}
	fd = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW,
		  0600);
	if (fd < 0) {
		if (errno == EEXIST)
			errorf("%s: file exists (use --force to replace it)", out);
		else
			errorf("%s: %s", out, strerror(errno));
		return EXIT_FAIL;
	}

	if (!strcmp(algo, "rsa"))
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	else if (!strcmp(algo, "ecdsa"))
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
	else
		pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	if (!pkey) {
		errorf("key generation failed: %s",
		       ERR_reason_error_string(ERR_peek_last_error()) ?: "unknown error");
		goto fail;
	}
	if (write_key(out, pkey, fd))
		goto fail;
	EVP_PKEY_free(pkey);
	if (close(fd) < 0) {
		errorf("%s: %s", out, strerror(errno));
		unlink(out);
		return EXIT_FAIL;
	}
	return EXIT_OK;
fail:
	EVP_PKEY_free(pkey);
	ERR_clear_error();
	close(fd);
	unlink(out);
	return EXIT_FAIL;
}
