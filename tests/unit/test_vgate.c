/* test_vgate.c - server/vgate: a waiter gets the outcome of a version read
 * that began after it was queued, never of one already in flight; one
 * read serves every waiter queued before it began; stores do not wait
 * for each other; stopping serves whoever still waits.
 *
 * The gate's read is replaced by one the test holds mid-read (a "store"
 * here is only a distinct address: the gate passes it to the read and
 * nothing else), so each interleaving is made on purpose, not by luck. */
#include <check.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "unit.h"
#include "vgate.h"

/* The held read: each read announces itself (entered), then waits for
 * the test to release it with a version or an error. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int entered;  /* reads begun */
static int released; /* reads the test has let end */
static int64_t next_version;
static sc_rc next_rc;
static bool hold = true;

static sc_rc held_read(sc_store *store, int64_t *out)
{
    (void)store;
    pthread_mutex_lock(&mu);
    int mine = ++entered;
    pthread_cond_broadcast(&cv);
    while (hold && released < mine)
        pthread_cond_wait(&cv, &mu);
    *out = next_version;
    sc_rc rc = next_rc;
    pthread_mutex_unlock(&mu);
    return rc;
}

static void wait_entered(int n)
{
    pthread_mutex_lock(&mu);
    while (entered < n)
        pthread_cond_wait(&cv, &mu);
    pthread_mutex_unlock(&mu);
}

static void release_one(int64_t version, sc_rc rc)
{
    pthread_mutex_lock(&mu);
    next_version = version;
    next_rc = rc;
    released++;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
}

typedef struct {
    sc_vgate_waiter w;
    atomic_int calls;
    sc_rc rc;
    int64_t version;
} waiter;

static void done(void *arg, sc_rc rc, int64_t version)
{
    waiter *x = arg;
    x->rc = rc;
    x->version = version;
    atomic_fetch_add(&x->calls, 1);
}

static void queue(sc_vgate *g, void *store, waiter *x)
{
    *x = (waiter){.w = {.fn = done, .arg = x}};
    ck_assert(sc_vgate_wait(g, store, &x->w));
}

/* Waits (up to 5 s) until x has been called. */
static void wait_called(waiter *x)
{
    for (int i = 0; i < 5000 && !atomic_load(&x->calls); i++)
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    ck_assert_int_eq(atomic_load(&x->calls), 1);
}

static void reset(void)
{
    entered = released = 0;
    next_version = 0;
    next_rc = SC_OK;
    hold = true;
}

static char store_a, store_b; /* two stores, by address */

START_TEST(never_a_read_already_in_flight)
{
    reset();
    sc_vgate *g = sc_vgate_new(true, held_read);
    ck_assert_ptr_nonnull(g);
    waiter a, b, c;
    queue(g, &store_a, &a);
    wait_entered(1); /* read 1 has begun, for a */
    queue(g, &store_a, &b);
    queue(g, &store_a, &c);
    release_one(41, SC_OK);
    wait_called(&a);
    ck_assert_int_eq(a.rc, SC_OK);
    ck_assert_int_eq(a.version, 41);
    /* b and c came while read 1 was in flight: it may have missed a
     * commit acknowledged before they came, so they wait for read 2 */
    for (int i = 0; i < 5000 && !atomic_load(&b.calls) && !atomic_load(&c.calls); i++) {
        pthread_mutex_lock(&mu);
        bool second = entered >= 2;
        pthread_mutex_unlock(&mu);
        if (second)
            break;
        nanosleep(&(struct timespec){0, 1000000}, NULL);
    }
    ck_assert_msg(atomic_load(&b.calls) == 0, "b was given read 1's version %lld",
                  (long long)b.version);
    wait_entered(2);
    ck_assert_int_eq(atomic_load(&b.calls), 0);
    ck_assert_int_eq(atomic_load(&c.calls), 0);
    release_one(42, SC_OK);
    wait_called(&b);
    wait_called(&c);
    ck_assert_int_eq(b.version, 42);
    ck_assert_int_eq(c.version, 42);
    sc_vgate_free(g);
    /* one read served both b and c */
    ck_assert_int_eq(entered, 2);
}
END_TEST

START_TEST(errors_reach_the_batch)
{
    reset();
    sc_vgate *g = sc_vgate_new(true, held_read);
    waiter a;
    queue(g, &store_a, &a);
    wait_entered(1);
    release_one(7, SC_EDB);
    wait_called(&a);
    ck_assert_int_eq(a.rc, SC_EDB);
    ck_assert_int_eq(a.version, 0);
    sc_vgate_free(g);
}
END_TEST

START_TEST(stores_do_not_wait_for_each_other)
{
    reset();
    sc_vgate *g = sc_vgate_new(true, held_read);
    waiter a, b;
    queue(g, &store_a, &a);
    wait_entered(1); /* store a's read is held */
    queue(g, &store_b, &b);
    wait_entered(2); /* store b's reader began its own read meanwhile */
    release_one(1, SC_OK);
    release_one(1, SC_OK);
    wait_called(&a);
    wait_called(&b);
    sc_vgate_free(g);
}
END_TEST

START_TEST(stopping_serves_the_waiting)
{
    reset();
    sc_vgate *g = sc_vgate_new(true, held_read);
    waiter a, b;
    queue(g, &store_a, &a);
    wait_entered(1);
    queue(g, &store_a, &b);
    pthread_mutex_lock(&mu);
    hold = false; /* every read from now on ends at once */
    next_version = 9;
    pthread_cond_broadcast(&cv);
    pthread_mutex_unlock(&mu);
    sc_vgate_stop(g);
    ck_assert_int_eq(atomic_load(&a.calls), 1);
    ck_assert_int_eq(atomic_load(&b.calls), 1);
    ck_assert_int_eq(b.version, 9);
    /* once stopped, the caller reads itself */
    waiter c = {.w = {.fn = done, .arg = &c}};
    ck_assert(!sc_vgate_wait(g, (void *)&store_a, &c.w));
    ck_assert_int_eq(atomic_load(&c.calls), 0);
    sc_vgate_stop(g); /* a second stop is harmless */
    sc_vgate_free(g);
}
END_TEST

START_TEST(unshared_gate_takes_no_waiter)
{
    sc_vgate *g = sc_vgate_new(false, held_read);
    waiter a = {.w = {.fn = done, .arg = &a}};
    ck_assert(!sc_vgate_shared(g));
    ck_assert(!sc_vgate_wait(g, (void *)&store_a, &a.w));
    ck_assert_int_eq(atomic_load(&a.calls), 0);
    sc_vgate_free(g);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("vgate");
    TCase *tc = tcase_create("vgate");
    tcase_add_test(tc, never_a_read_already_in_flight);
    tcase_add_test(tc, errors_reach_the_batch);
    tcase_add_test(tc, stores_do_not_wait_for_each_other);
    tcase_add_test(tc, stopping_serves_the_waiting);
    tcase_add_test(tc, unshared_gate_takes_no_waiter);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
