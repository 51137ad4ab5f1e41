/* explanation.c - why an indicator has its status (see explanation.h). */
#include "explanation.h"

#include <stdio.h>
#include <string.h>

#include "jv.h"
#include "num.h"
#include "quarter.h"
#include "revision_link.h"
#include "store_kpi.h"

/* The band of figures within target range: from target - tolerance to the
 * target (higher is better) or from the target to target + tolerance. */
static void band(const sc_quarter_row *r, const sc_status_input *in, int64_t *lo, int64_t *hi)
{
    bool higher = r->ind.polarity == SC_HIGHER_IS_BETTER;
    *lo = higher ? in->target_scaled - in->tolerance_scaled : in->target_scaled;
    *hi = higher ? in->target_scaled : in->target_scaled + in->tolerance_scaled;
}

static json_t *sentence(const sc_quarter_row *r, const sc_status_input *in,
                        const sc_status_verdict *v, sc_period q)
{
    char value[64], target[64], lo_t[64], hi_t[64], label[64], qs[SC_PERIOD_ID_LEN];
    char text[SC_REASON_MAX * 4 + 256]; /* a reason of SC_REASON_MAX code points, in UTF-8 */
    int d = r->ind.decimals;
    sc_status_phrase(v->status, label, sizeof label);
    sc_period_format(q, qs);
    if (v->rule == SC_RULE_NO_RESULT) {
        snprintf(text, sizeof text, "No result has been submitted for %s, so the status is %s.", qs,
                 label);
        return json_string(text);
    }
    if (v->rule == SC_RULE_NOT_REPORTED) {
        snprintf(text, sizeof text,
                 "The trust reports no figure for %s (%s%s%s), so the status is %s.", qs,
                 sc_availability_key(r->res.availability), r->res.reason ? ": " : "",
                 r->res.reason ? r->res.reason : "", label);
        return json_string(text);
    }
    if (v->rule == SC_RULE_NO_TARGET) {
        sc_indicator_figure_text(&r->ind, r->res.value, value, sizeof value);
        snprintf(text, sizeof text,
                 "%s is reported but no target is in force for %s, so the status is %s.", value, qs,
                 label);
        return json_string(text);
    }
    int64_t lo, hi;
    band(r, in, &lo, &hi);
    sc_indicator_figure_text(&r->ind, sc_num_unscale(in->value_scaled, d), value, sizeof value);
    sc_indicator_figure_text(&r->ind, sc_num_unscale(in->target_scaled, d), target, sizeof target);
    sc_indicator_figure_text(&r->ind, sc_num_unscale(lo, d), lo_t, sizeof lo_t);
    sc_indicator_figure_text(&r->ind, sc_num_unscale(hi, d), hi_t, sizeof hi_t);
    char range[160];
    if (lo == hi)
        snprintf(range, sizeof range, "the target range of %s (no tolerance)", target);
    else
        snprintf(range, sizeof range, "the target range of %s\u2013%s", lo_t, hi_t);
    const char *verdict = v->rule == SC_RULE_MEETS_TARGET       ? "meets or beats the target"
                          : v->rule == SC_RULE_WITHIN_TOLERANCE ? "is within "
                                                                : "is outside ";
    snprintf(text, sizeof text, "%s against a target of %s (%s) %s%s, so the status is %s.", value,
             target, sc_polarity_words(r->ind.polarity), verdict,
             v->rule == SC_RULE_MEETS_TARGET ? "" : range, label);
    return json_string(text);
}

/* The figures the rule looked at: as sent, and as judged at decimals. */
static json_t *inputs(sc_db *db, const sc_quarter_row *r, sc_period q, sc_rc *rc)
{
    json_t *o = json_object();
    if (!o || (r->has_result ? sc_result_add_json(o, &r->res) : sc_result_add_null_json(o)) != 0) {
        json_decref(o);
        return NULL;
    }
    bool judged = r->has_result && r->res.availability == SC_AVAIL_REPORTED && r->res.has_value;
    const char *from = !judged ? NULL : r->res.value_given || !r->res.has_ratio ? "value" : "ratio";
    json_t *link = NULL;
    if (r->has_result &&
        (*rc = sc_revision_link_json(db, SC_REV_RESULT, q, r->ind.code, NULL, &link)) != SC_OK) {
        json_decref(o);
        return NULL;
    }
    int d = r->ind.decimals;
    int64_t scaled = 0;
    bool has_scaled = judged && sc_result_scaled(&r->res, d, &scaled);
    json_object_set_new(o, "decimals", json_integer(d));
    json_object_set_new(o, "judged_from", sc_jv_new_string_or_null(from));
    json_object_set_new(o, "judged_value",
                        has_scaled ? sc_jv_new_number(sc_num_unscale(scaled, d)) : json_null());
    json_object_set_new(o, "updated_at", sc_jv_new_string_or_null(r->updated_at));
    json_object_set_new(o, "revision", link ? link : json_null());
    return o;
}

static json_t *target(sc_db *db, const sc_quarter_row *r, const sc_status_input *in, sc_rc *rc)
{
    if (!r->has_target)
        return json_null();
    json_t *link = NULL;
    if ((*rc = sc_revision_link_json(db, SC_REV_TARGET, r->target.from_quarter, r->ind.code, NULL,
                                     &link)) != SC_OK)
        return NULL;
    int d = r->ind.decimals;
    int64_t lo, hi;
    band(r, in, &lo, &hi);
    return json_pack("{s:o, s:o, s:o, s:o, s:{s:o, s:o}, s:o}", "target",
                     sc_jv_new_number(r->target.target), "tolerance",
                     sc_jv_new_number(r->target.tolerance), "from_quarter",
                     sc_jv_new_period(r->target.from_quarter), "judged_target",
                     sc_jv_new_number(sc_num_unscale(in->target_scaled, d)), "band", "from",
                     sc_jv_new_number(sc_num_unscale(lo, d)), "to",
                     sc_jv_new_number(sc_num_unscale(hi, d)), "revision", link);
}

static json_t *build(sc_db *db, const sc_quarter_row *r, sc_period q, sc_rc *rc)
{
    sc_status_input in = sc_quarter_status_input(r);
    sc_status_verdict v = sc_status_decide(&in);
    char url[160];
    snprintf(url, sizeof url, "/api/v1/indicators/%s", r->ind.code);
    int d = r->ind.decimals;
    json_t *ins = inputs(db, r, q, rc);
    json_t *tgt = ins ? target(db, r, &in, rc) : NULL;
    if (!ins || !tgt) {
        json_decref(ins);
        return NULL;
    }
    return json_pack(
        "{s:o, s:{s:s, s:s, s:s, s:i, s:s}, s:o, s:o, s:s, s:s, s:o, s:s, s:s, s:s, s:s, s:o}",
        "quarter", sc_jv_new_period(q), "indicator", "code", r->ind.code, "name", r->ind.name,
        "unit", sc_unit_keys[r->ind.unit], "decimals", d, "url", url, "inputs", ins, "target", tgt,
        "polarity", sc_polarity_key(r->ind.polarity), "polarity_words",
        sc_polarity_words(r->ind.polarity), "gap",
        v.has_gap ? sc_jv_new_number(sc_num_unscale(v.gap_scaled, d)) : json_null(), "rule",
        sc_status_rule_key(v.rule), "rule_text", sc_status_rule_text(v.rule), "status",
        sc_status_key(v.status), "status_label", sc_status_label(v.status), "sentence",
        sentence(r, &in, &v, q));
}

sc_rc sc_explanation_json(sc_db *db, sc_period q, const char *code, json_t **out)
{
    sc_quarter_filter f = SC_QUARTER_FILTER_ALL;
    f.code = code;
    f.lean = true;
    sc_quarter view;
    *out = NULL;
    sc_rc rc = sc_store_quarter(db, q, &f, &view);
    if (rc != SC_OK)
        return rc;
    if (view.count != 1) {
        sc_quarter_clear(&view);
        return SC_ENOTFOUND;
    }
    rc = SC_OK;
    *out = build(db, &view.rows[0], q, &rc);
    sc_quarter_clear(&view);
    if (!*out && rc == SC_OK)
        rc = SC_ENOMEM;
    return rc;
}
