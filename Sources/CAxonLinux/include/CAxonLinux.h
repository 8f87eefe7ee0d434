// Linux process-lifetime calls Swift cannot make itself: prctl(2) and syscall(2) are variadic, and Swift imports
// no variadic C function. Each wrapper passes every argument explicitly (unused ones as 0), as the man page asks.
#ifndef CAXONLINUX_H
#define CAXONLINUX_H

#ifdef __linux__
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/// Makes the calling process a child subreaper: orphaned descendants are reparented to it, not to init.
static inline int axon_set_child_subreaper(void) {
    return prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0UL, 0UL, 0UL);
}

/// Asks the kernel to send `signal` to the calling process when the thread that created it exits.
static inline int axon_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
}

/// Names the calling thread (at most 15 bytes are kept), as /proc and `top -H` show it.
static inline int axon_set_thread_name(const char *name) {
    return prctl(PR_SET_NAME, (unsigned long)name, 0UL, 0UL, 0UL);
}

/// A descriptor naming process `pid` itself (pidfd_open(2)), or -1 with errno (ESRCH: no such process).
static inline int axon_pidfd_open(int pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0U);
}

/// Sends `signal` to the process `pidfd` names: never to a later process that reused its pid.
static inline int axon_pidfd_send_signal(int pidfd, int signal) {
    return (int)syscall(SYS_pidfd_send_signal, pidfd, signal, NULL, 0U);
}
#endif

#endif
