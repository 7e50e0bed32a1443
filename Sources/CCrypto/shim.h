#ifndef FLEET_CCRYPTO_SHIM_H
#define FLEET_CCRYPTO_SHIM_H
// OpenSSL's libcrypto: digests now, signatures later.
#include <openssl/evp.h>
#endif
