/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * A small streaming JSON writer: compact output, string escaping, no
 * allocation.  Pass key == NULL for values inside an array or at top level.
 */
#ifndef HIPCTL_JSON_H
#define HIPCTL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

struct json {
	FILE *f;
	int depth;
	bool need_comma[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f);
void json_open_object(struct json *j, const char *key);
void json_close_object(struct json *j);
void json_open_array(struct json *j, const char *key);
void json_close_array(struct json *j);
void json_string(struct json *j, const char *key, const char *val);
void json_uint(struct json *j, const char *key, unsigned long long val);
void json_bool(struct json *j, const char *key, bool val);
void json_hex(struct json *j, const char *key, const uint8_t *buf, size_t len);
/* Ends a top-level value: newline and flush. */
void json_end(struct json *j);

#endif /* HIPCTL_JSON_H */
