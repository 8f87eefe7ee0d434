// Linux process-lifetime calls Swift cannot make itself: prctl(2) is variadic, and Swift imports no variadic C
// function. Each wrapper passes every argument explicitly (unused ones as 0), as the man page asks.
#ifndef CAXONLINUX_H
#define CAXONLINUX_H

#ifdef __linux__
#include <sys/prctl.h>

/// Makes the calling process a child subreaper: orphaned descendants are reparented to it, not to init.
static inline int axon_set_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
}

/// Asks the kernel to send `signal` to the calling process when the thread that created it exits.
static inline int axon_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
}
#endif

#endif
