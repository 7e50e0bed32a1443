#ifndef FLEET_CCRYPTO_SHIM_H
#define FLEET_CCRYPTO_SHIM_H
// OpenSSL's libcrypto: SHA-256 digests and Ed25519 signatures.
#include <openssl/evp.h>
#endif
