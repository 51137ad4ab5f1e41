/* fuzz.h - what every fuzz target in tests/fuzz shares.
 *
 * Each fuzz_<name>.c defines LLVMFuzzerTestOneInput (and, when it needs a
 * set-up, LLVMFuzzerInitialize). Built two ways:
 *   - with clang -fsanitize=fuzzer (meson -Dfuzz=true, tests/fuzz/run.sh):
 *     libFuzzer drives it;
 *   - in every normal build, linked with replay.c: runs each file of the
 *     seed corpus and of the regression inputs once (meson test suite
 *     'fuzz'), so a crasher found once stays fixed.
 * FUZZ_CHECK turns a broken invariant into an abort, which both drivers
 * report as a crash.
 */
#ifndef SC_FUZZ_H
#define SC_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);
/* Optional: frees what LLVMFuzzerInitialize made (the replay driver calls it). */
void fuzz_cleanup(void);

#define FUZZ_CHECK(cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s: ", __FILE__, __LINE__, #cond);           \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* A NUL-terminated copy of the input, allocated to the exact size so that
 * AddressSanitizer catches any read past its end. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    for (size_t i = 0; i < size; i++)
        s[i] = (char)data[i];
    s[size] = '\0';
    return s;
}

#endif
