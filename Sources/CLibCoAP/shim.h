#ifndef FLEET_CLIBCOAP_SHIM_H
#define FLEET_CLIBCOAP_SHIM_H

// libcoap 4.3.1 (the OpenSSL build, so DTLS is available), plus the Linux I/O headers that
// Swift's Glibc module does not expose and the CoAPCore event loop needs.
#include <coap3/coap.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

/// Block-wise option value (RFC 7959 §2.2) from its parts; the macro form does not import.
static inline unsigned int fleet_coap_block_value(unsigned int num, int more, unsigned int szx) {
    return (num << 4) | ((more ? 1u : 0u) << 3) | (szx & 7u);
}

#endif
