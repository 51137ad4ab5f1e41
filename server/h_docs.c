/* h_docs.c - the API's own description: GET /api/v1/openapi.json (built
 * from api-spec/openapi.yaml at compile time) and the offline /docs page
 * (Swagger UI from the swagger-ui-dist npm package, also built in). */
#include "assets.h"
#include "handlers.h"

static const char docs_page[] =
    "<!doctype html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>scrutiny API</title>\n"
    "<link rel=\"stylesheet\" href=\"/docs/swagger-ui.css\">\n"
    "</head>\n"
    "<body>\n"
    "<div id=\"ui\"></div>\n"
    "<script src=\"/docs/swagger-ui-bundle.js\"></script>\n"
    "<script>\n"
    "window.onload = function () {\n"
    "  window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#ui',\n"
    "    deepLinking: true, tryItOutEnabled: false });\n"
    "};\n"
    "</script>\n"
    "</body>\n"
    "</html>\n";

void sc_h_openapi(sc_req *req)
{
    sc_reply_static(req, 200, "application/json", sc_asset_openapi, sc_asset_openapi_len);
}

void sc_h_docs(sc_req *req)
{
    sc_reply_static(req, 200, "text/html; charset=utf-8", (const unsigned char *)docs_page,
                    sizeof docs_page - 1);
}

void sc_h_docs_css(sc_req *req)
{
    sc_reply_static(req, 200, "text/css; charset=utf-8", sc_asset_swagger_css,
                    sc_asset_swagger_css_len);
}

void sc_h_docs_js(sc_req *req)
{
    sc_reply_static(req, 200, "text/javascript; charset=utf-8", sc_asset_swagger_js,
                    sc_asset_swagger_js_len);
}
