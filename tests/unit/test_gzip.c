/* test_gzip.c - server/gzip: Accept-Encoding weights (RFC 9110 §12.5.3)
 * and compression that round-trips, refusing what would not shrink. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "gzip.h"
#include "unit.h"

START_TEST(accepted)
{
    static const struct {
        const char *header;
        bool want;
    } cases[] = {
        {"gzip", true},
        {"x-gzip", true},
        {"Gzip", true},
        {" gzip ", true},
        {"gzip;q=1", true},
        {"gzip;q=0.5", true},
        {"gzip ; q=0.01", true},
        {"gzip;Q=0.2", true},
        {"br;q=1, gzip;q=0.8", true},
        {"*", true},
        {"identity, *;q=0.5", true},
        {NULL, false},
        {"", false},
        {"identity", false},
        {"br", false},
        {"gzip;q=0", false},
        {"gzip;q=0.0", false},
        {"gzip;q=0.000", false},
        {"gzip; q=0 ", false},
        {"*;q=0", false},
        {"gzip;q=0, *", false},
        {"x-gzipped", false},
        {"gz", false},
        {",,,", false},
        {"gzip;level=9", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_msg(sc_gzip_accepted(cases[i].header) == cases[i].want, "\"%s\" -> %d",
                      cases[i].header ? cases[i].header : "(none)", !cases[i].want);
}
END_TEST

START_TEST(round_trip)
{
    size_t n = 50000;
    char *in = malloc(n);
    for (size_t i = 0; i < n; i++)
        in[i] = "{\"code\":\"CP-SEEN\",\"value\":12.5},"[i % 32];
    size_t zn = 0;
    char *z = sc_gzip_compress(in, n, &zn);
    ck_assert_ptr_nonnull(z);
    ck_assert_uint_lt(zn, n / 10);
    ck_assert_int_eq((unsigned char)z[0], 0x1f); /* the gzip magic */
    ck_assert_int_eq((unsigned char)z[1], 0x8b);
    char *out = malloc(n);
    z_stream s;
    memset(&s, 0, sizeof s);
    ck_assert_int_eq(inflateInit2(&s, 15 + 16), Z_OK);
    s.next_in = (Bytef *)z;
    s.avail_in = (uInt)zn;
    s.next_out = (Bytef *)out;
    s.avail_out = (uInt)n;
    ck_assert_int_eq(inflate(&s, Z_FINISH), Z_STREAM_END);
    ck_assert_uint_eq(s.total_out, n);
    inflateEnd(&s);
    ck_assert_mem_eq(out, in, n);
    free(out);
    free(z);
    free(in);
}
END_TEST

START_TEST(not_smaller_is_refused)
{
    /* random bytes do not compress */
    unsigned char in[2048];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof in; i++) {
        x = x * 1103515245u + 12345u;
        in[i] = (unsigned char)(x >> 16);
    }
    size_t zn = 99;
    ck_assert_ptr_null(sc_gzip_compress((const char *)in, sizeof in, &zn));
    ck_assert_ptr_null(sc_gzip_compress("", 0, &zn));
}
END_TEST

static Suite *gzip_suite(void)
{
    Suite *s = suite_create("gzip");
    TCase *tc = tcase_create("gzip");
    tcase_add_test(tc, accepted);
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, not_smaller_is_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return unit_run(gzip_suite());
}
