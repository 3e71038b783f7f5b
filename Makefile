# SPDX-License-Identifier: GPL-2.0
#
# Host Identity Protocol: out-of-tree module hip.ko + hipctl.
#
#   make [all]        hip.ko for KDIR (build/KVER/hip.ko) and tools/hipctl/hipctl
#   make module       hip.ko only          make hipctl    hipctl only
#   make check        selftests in qemu on every supported kernel (6.1, 6.12)
#   make demo         two netns, two host identities, in qemu
#   make bench        throughput (vs xfrm BEET and WireGuard), base exchange
#                     cost, I1 flood, scale, in qemu; prints a table and
#                     writes bench/results.json (BENCH_KVER=, BENCH_*=, see
#                     Documentation/hip/performance.rst)
#   make sparse       C=2 W=1 build for both kernels, fails on any warning
#   make param-fuzz   net/hip/param.c in userspace under ASan/UBSan: its
#                     self-tests, then FUZZ_SECONDS (5) of random packets
#   make cert-fuzz    net/hip/cert.c likewise (OpenSSL standing in for the
#                     module's crypto): its self-tests with the known-answer
#                     chains, chains made by the openssl command, then
#                     FUZZ_SECONDS (5) of mutated and random certificates
#   make style        checkpatch.pl (from linux-source-6.1) over the kernel code
#   make abi-check    hip.yaml, include/uapi/linux/hip.h and the policies and
#                     ops of net/hip/netlink.c agree (scripts/abi-check.py),
#                     and the checker fails on drift (scripts/abi-check-test.py)
#   make install      hip.ko into /lib/modules/KVER/extra, hipctl + man page,
#                     tools/hip-migrate
#                     into /usr/local (DESTDIR= and PREFIX= honoured)
#   make vm-shell     interactive root shell in the test VM (VM_KVER=...)
#   make clean        remove build/ and hipctl objects
#
# KDIR=/path/to/kernel/build selects the kernel tree (default: the running
# kernel's headers, else the newest installed ones).  W=1 / C=1|2 / V=1 are
# passed to kbuild.

REPO := $(CURDIR)
VM_KVER ?=
PREFIX ?= /usr/local

ifeq ($(origin KDIR), undefined)
  ifneq ($(wildcard /lib/modules/$(shell uname -r)/build/Makefile),)
    KDIR := /lib/modules/$(shell uname -r)/build
  else
    KDIR := $(lastword $(shell ls -d /lib/modules/*/build 2>/dev/null | sort -V))
    ifneq ($(KDIR),)
      $(info note: no headers for the running kernel $(shell uname -r); using KDIR=$(KDIR))
    endif
  endif
endif

# KVER names build/KVER/: the /lib/modules/KVER whose build link is KDIR,
# else the last path component of KDIR.
KVER ?= $(or $(shell real=$$(readlink -f "$(KDIR)" 2>/dev/null); \
	for d in /lib/modules/*/build; do \
		[ "$$(readlink -f "$$d")" = "$$real" ] && { basename "$$(dirname "$$d")"; break; }; \
	done), $(patsubst linux-headers-%,%,$(notdir $(abspath $(KDIR)))))

export HIP_W := $(or $(W),$(HIP_W))
export HIP_C := $(or $(C),$(HIP_C))
export V

all: module hipctl

module:
	@if [ -z "$(KDIR)" ] || [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "no kernel headers at KDIR='$(KDIR)'; install linux-headers-<version> or set KDIR=" >&2; \
		exit 1; \
	fi
	KDIR=$(KDIR) scripts/build-module.sh $(KVER)

hipctl:
	$(MAKE) -C tools/hipctl

check:
	scripts/vm-check.sh

demo:
	scripts/demo.sh

bench:
	scripts/bench.sh

sparse:
	scripts/sparse.sh

param-fuzz:
	$(MAKE) -C selftests/hip/param_fuzz run

cert-fuzz:
	$(MAKE) -C selftests/hip/cert_fuzz run

style:
	scripts/checkpatch.sh

abi-check:
	scripts/abi-check.py
	scripts/abi-check-test.py

install: all
	install -D -m 0644 build/$(KVER)/hip.ko $(DESTDIR)/lib/modules/$(KVER)/extra/hip.ko
	$(if $(DESTDIR),@echo "DESTDIR set: run depmod -a $(KVER) on the target",depmod -a $(KVER))
	$(MAKE) -C tools/hipctl install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	install -D -m 0755 tools/hip-migrate $(DESTDIR)$(PREFIX)/sbin/hip-migrate
	install -D -m 0644 tools/hip-migrate.8 $(DESTDIR)$(PREFIX)/share/man/man8/hip-migrate.8

vm-shell:
	scripts/vm-run.sh -i $(if $(VM_KVER),-k $(VM_KVER)) -t 86400 -- bash -i

clean:
	-$(MAKE) -C tools/hipctl clean
	-$(MAKE) -C selftests/hip/param_fuzz clean
	-$(MAKE) -C selftests/hip/cert_fuzz clean
	rm -rf build
	find net include \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
		-o -name '.*.cmd' -o -name '*.o.d' \) -delete 2>/dev/null || true
	rm -f Module.symvers modules.order .*.cmd *.mod *.mod.c *.o *.ko

.PHONY: all module hipctl check demo bench sparse style abi-check param-fuzz cert-fuzz install vm-shell clean
