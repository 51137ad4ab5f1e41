/* h_dashboard.c - the committee dashboard: GET /dashboard (one page for
 * every view; the view is in its query) and its bundled script and style
 * sheet, built from web/ at compile time and built into the binary. The
 * page reads its figures from the public API like any other client; it
 * needs no key itself, even with --private-read (its reads do). */
#include "handlers.h"

extern const unsigned char sc_asset_dash_html[];
extern const unsigned long sc_asset_dash_html_len;
extern const unsigned char sc_asset_dash_js[];
extern const unsigned long sc_asset_dash_js_len;
extern const unsigned char sc_asset_dash_css[];
extern const unsigned long sc_asset_dash_css_len;

/* Nothing inline, nothing from another origin. */
static const char dashboard_csp[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

static void dash_static(sc_req *req, const char *media_type, const unsigned char *body,
                        unsigned long len)
{
    sc_reply_static(req, 200, media_type, body, len);
    req->csp = dashboard_csp;
}

void sc_h_dashboard(sc_req *req)
{
    dash_static(req, "text/html; charset=utf-8", sc_asset_dash_html, sc_asset_dash_html_len);
}

void sc_h_dashboard_js(sc_req *req)
{
    dash_static(req, "text/javascript; charset=utf-8", sc_asset_dash_js, sc_asset_dash_js_len);
}

void sc_h_dashboard_css(sc_req *req)
{
    dash_static(req, "text/css; charset=utf-8", sc_asset_dash_css, sc_asset_dash_css_len);
}
