// SwiftPM builds a C target only from at least one source file; the calls themselves are inline in the header.
#include "CAxonLinux.h"
