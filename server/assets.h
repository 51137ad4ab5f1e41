/* assets.h - files built into the binary (see tools/embed.c): the OpenAPI
 * document as JSON and Swagger UI for the offline /docs page. */
#ifndef SC_ASSETS_H
#define SC_ASSETS_H

extern const unsigned char sc_asset_openapi[];
extern const unsigned long sc_asset_openapi_len;
extern const unsigned char sc_asset_swagger_js[];
extern const unsigned long sc_asset_swagger_js_len;
extern const unsigned char sc_asset_swagger_css[];
extern const unsigned long sc_asset_swagger_css_len;

#endif
