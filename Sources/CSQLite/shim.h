#ifndef FLEET_CSQLITE_SHIM_H
#define FLEET_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
