/* Unit tests of settings.c: defaults, JSON layers, --set, validation. */
#include "check.h"
#include "praksis.h"

#include <string.h>

int main(void)
{
    praksis_settings s;
    praksis_diag d;
    praksis_settings_init(&s);
    CHECK(s.travel_rate == 1500 && s.supervision_rate == 500 && s.hospital_supervision_rate == 0, "rate defaults");
    CHECK(s.coordinator_cost == 0 && s.commute_km == 60 && s.road_factor == 1.3, "cost and distance defaults");
    CHECK(s.min_relocated_group == 2 && s.municipal_share == 0.5 && !s.programmes, "group, share, programme defaults");
    CHECK(s.capacity_scale == 1 && s.demand_scale == 1 && s.time_limit == 60 && s.mip_gap == 0, "scale and limit defaults");
    CHECK(praksis_settings_validate(&s, &d) == PRAKSIS_OK, "defaults are valid");

    CHECK(praksis_settings_merge_json(&s, "{\"travel_rate\": 1250, \"programmes\": [\"SYK\", \"VERN\"]}", "a.json", &d) == PRAKSIS_OK,
          "merge a JSON layer");
    CHECK(s.travel_rate == 1250 && s.n_programmes == 2 && !strcmp(s.programmes[1], "VERN"), "JSON values applied");
    CHECK(praksis_settings_merge_json(&s, "{\"programmes\": \"all\"}", "b.json", &d) == PRAKSIS_OK && !s.programmes,
          "\"all\" clears the programme list");

    praksis_settings before;
    praksis_settings_init(&before);
    praksis_settings_copy(&before, &s);
    CHECK(praksis_settings_merge_json(&s, "{\"travel_rate\": 1, \n  \"speed\": 2}", "c.json", &d) == PRAKSIS_ERR_INPUT,
          "unknown key is an error");
    CHECK(d.line == 2 && d.column == 3 && strstr(d.message, "speed"), "unknown key located at line 2 col 3: %ld:%ld %s",
          d.line, d.column, d.message);
    CHECK(s.travel_rate == before.travel_rate, "a failed layer changes nothing");
    CHECK(praksis_settings_merge_json(&s, "{\"travel_rate\": 1, \"travel_rate\": 2}", "c.json", &d) == PRAKSIS_ERR_INPUT &&
              strstr(d.message, "twice"),
          "duplicate key is an error");
    CHECK(praksis_settings_merge_json(&s, "{\"Commute_km\": 50}", "c.json", &d) == PRAKSIS_ERR_INPUT &&
              strstr(d.message, "case-sensitive"),
          "wrong case is an error naming the right key");
    CHECK(praksis_settings_merge_json(&s, "{\"commute_km\": \"50\"}", "c.json", &d) == PRAKSIS_ERR_INPUT &&
              strstr(d.message, "string"),
          "wrong type is an error");
    CHECK(praksis_settings_merge_json(&s, "{\"min_relocated_group\": 2.5}", "c.json", &d) == PRAKSIS_ERR_INPUT,
          "non-integer min_relocated_group is an error");
    CHECK(praksis_settings_merge_json(&s, "[1,2]", "c.json", &d) == PRAKSIS_ERR_INPUT, "a list is not a scenario");
    CHECK(praksis_settings_merge_json(&s, "{\"travel_rate\": 1", "c.json", &d) == PRAKSIS_ERR_INPUT && d.line == 1,
          "malformed JSON is located");
    CHECK(praksis_settings_merge_json(&s, "{\"programmes\": [\"SYK\", 3]}", "c.json", &d) == PRAKSIS_ERR_INPUT,
          "a number in the programme list is an error");

    CHECK(praksis_settings_set(&s, "capacity_scale", "0.8", &d) == PRAKSIS_OK && s.capacity_scale == 0.8, "--set a number");
    CHECK(praksis_settings_set(&s, "travel_rate", "1,5", &d) == PRAKSIS_ERR_INPUT, "--set rejects a decimal comma");
    CHECK(praksis_settings_set(&s, "travel_rate", "inf", &d) == PRAKSIS_ERR_INPUT, "--set rejects inf");
    CHECK(praksis_settings_set(&s, "travel_rate", "-1", &d) == PRAKSIS_ERR_INPUT, "--set rejects a negative rate");
    CHECK(praksis_settings_set(&s, "municipal_share", "1.01", &d) == PRAKSIS_ERR_INPUT, "--set rejects a share above 1");
    CHECK(praksis_settings_set(&s, "time_limit", "0", &d) == PRAKSIS_ERR_INPUT, "--set rejects a zero time limit");
    CHECK(praksis_settings_set(&s, "programmes", "SYK,FYS", &d) == PRAKSIS_OK && s.n_programmes == 2 &&
              !strcmp(s.programmes[0], "SYK"),
          "--set programmes takes a comma list");
    CHECK(praksis_settings_set(&s, "programmes", "SYK,,FYS", &d) == PRAKSIS_ERR_INPUT, "--set rejects an empty id");
    praksis_settings_set(&s, "programmes", "SYK,SYK", &d);
    CHECK(praksis_settings_validate(&s, &d) == PRAKSIS_ERR_INPUT && strstr(d.message, "twice"),
          "validate rejects a programme listed twice");
    s.road_factor = 0;
    CHECK(praksis_settings_validate(&s, &d) == PRAKSIS_ERR_INPUT && strstr(d.message, "road_factor"),
          "validate rejects road_factor 0");
    praksis_settings_clear(&s);
    praksis_settings_clear(&before);
    praksis_settings_clear(NULL);
    CHECK(!strcmp(praksis_error_string(PRAKSIS_ERR_INPUT), "invalid input data") &&
              !strcmp(praksis_error_string((praksis_error)99), "unknown error"),
          "error table");
    CHECK_DONE();
}
