/* test_main.h - the main() every API test program shares: one suite,
 * libcurl initialised once, Check's summary printed. */
#ifndef SC_TEST_MAIN_H
#define SC_TEST_MAIN_H

#include <check.h>
#include <curl/curl.h>
#include <stdlib.h>

#define TH_MAIN(make_suite)                                                                        \
    int main(void)                                                                                 \
    {                                                                                              \
        curl_global_init(CURL_GLOBAL_DEFAULT);                                                     \
        SRunner *sr = srunner_create(make_suite());                                                \
        srunner_run_all(sr, CK_NORMAL);                                                            \
        int failed = srunner_ntests_failed(sr);                                                    \
        srunner_free(sr);                                                                          \
        curl_global_cleanup();                                                                     \
        return failed ? EXIT_FAILURE : EXIT_SUCCESS;                                               \
    }

#endif
