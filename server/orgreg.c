/* orgreg.c - the organisations' stores, opened on first use (orgreg.h). */
#include "orgreg.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "org.h"

typedef struct {
    char *code;
    sc_store *store;
    sc_hooks *hooks;
} orgreg_entry;

struct sc_orgreg {
    pthread_mutex_t lock;
    sc_store *root;
    int connections;
    sc_hooks_config hooks;
    orgreg_entry *items;
    size_t count, cap;
};

sc_orgreg *sc_orgreg_new(sc_store *root, int connections, const sc_hooks_config *hooks)
{
    sc_orgreg *reg = calloc(1, sizeof *reg);
    if (!reg)
        return NULL;
    pthread_mutex_init(&reg->lock, NULL);
    reg->root = root;
    /* on PostgreSQL fewer: every organisation's pool is sessions of the
     * one server (org.h) */
    reg->connections = sc_org_pool_size(root, connections);
    reg->hooks = *hooks;
    return reg;
}

void sc_orgreg_free(sc_orgreg *reg)
{
    if (!reg)
        return;
    for (size_t i = 0; i < reg->count; i++) {
        sc_hooks_stop(reg->items[i].hooks);
        sc_store_close(reg->items[i].store);
        free(reg->items[i].code);
    }
    free(reg->items);
    pthread_mutex_destroy(&reg->lock);
    free(reg);
}

/* A linear search, with the lock held: a deployment holds tens, perhaps
 * a few hundred, organisations, and the comparison is a few bytes each. */
static orgreg_entry *find_entry(sc_orgreg *reg, const char *code)
{
    for (size_t i = 0; i < reg->count; i++)
        if (strcmp(reg->items[i].code, code) == 0)
            return &reg->items[i];
    return NULL;
}

bool sc_orgreg_holds(sc_orgreg *reg, const char *code)
{
    pthread_mutex_lock(&reg->lock);
    bool held = find_entry(reg, code) != NULL;
    pthread_mutex_unlock(&reg->lock);
    return held;
}

sc_rc sc_orgreg_store(sc_orgreg *reg, const char *code, sc_store **out, sc_errors *errs)
{
    pthread_mutex_lock(&reg->lock);
    const orgreg_entry *held = find_entry(reg, code);
    if (held) {
        *out = held->store;
        pthread_mutex_unlock(&reg->lock);
        return SC_OK;
    }
    /* opened under the lock: two first requests to one organisation must
     * not open it twice. Others wait for that one migration, once. */
    sc_rc rc = SC_ENOMEM;
    if (reg->count == reg->cap) {
        size_t cap = reg->cap ? reg->cap * 2 : 8;
        orgreg_entry *grown = realloc(reg->items, cap * sizeof *grown);
        if (!grown)
            goto done;
        reg->items = grown;
        reg->cap = cap;
    }
    orgreg_entry e = {strdup(code), NULL, NULL};
    if (!e.code)
        goto done;
    rc = sc_org_open(reg->root, code, reg->connections, &e.store, errs);
    if (rc == SC_OK && !(e.hooks = sc_hooks_start(e.store, &reg->hooks))) {
        sc_errors_set_message(errs, "cannot start the webhook workers of %s", code);
        rc = SC_ENOMEM;
    }
    if (rc != SC_OK) {
        sc_store_close(e.store);
        free(e.code);
        goto done;
    }
    reg->items[reg->count++] = e;
    *out = e.store;
done:
    pthread_mutex_unlock(&reg->lock);
    return rc;
}
