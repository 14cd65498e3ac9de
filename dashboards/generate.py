#!/usr/bin/env python3
"""Writes Reclaimer's Grafana dashboards (dashboards/*.json) from the panel lists below.

Run `python3 dashboards/generate.py` after editing; the JSON files are what Grafana provisions and what
app/src/test/java/io/reclaimer/app/deploy/DashboardsTest.java and DashboardsPrometheusIT.java check.
Every dashboard has a fixed uid, a `datasource` variable (no __inputs, which file provisioning cannot
fill), `cluster` and `namespace` variables where the metrics carry those labels, and USD units on money.
Use only metric names documented in docs/metrics.md.
"""
import json
import os

DS = {"type": "prometheus", "uid": "${datasource}"}
HERE = os.path.dirname(os.path.abspath(__file__))


def datasource_var():
    return {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
            "current": {}, "hide": 0, "refresh": 1, "regex": "", "includeAll": False, "multi": False, "options": []}


def query_var(name, label, query):
    return {"name": name, "label": label, "type": "query", "datasource": DS,
            "definition": query, "query": {"query": query, "refId": name},
            "includeAll": True, "multi": True, "allValue": ".*",
            "current": {"selected": True, "text": ["All"], "value": ["$__all"]},
            "refresh": 2, "sort": 1, "hide": 0, "options": [], "regex": ""}


def target(expr, legend="", instant=False, fmt=None, ref="A"):
    t = {"datasource": DS, "expr": expr, "legendFormat": legend, "refId": ref}
    if instant:
        t["instant"] = True
        t["range"] = False
    if fmt:
        t["format"] = fmt
    return t


def stat(title, expr, unit, x, y, w=6, h=4, description="", decimals=None, color="blue", thresholds=None):
    defaults = {"unit": unit, "color": {"mode": "fixed", "fixedColor": color}}
    if decimals is not None:
        defaults["decimals"] = decimals
    if thresholds:
        defaults["color"] = {"mode": "thresholds"}
        defaults["thresholds"] = {"mode": "absolute", "steps": thresholds}
    return {"type": "stat", "title": title, "description": description, "datasource": DS,
            "gridPos": {"x": x, "y": y, "w": w, "h": h},
            "fieldConfig": {"defaults": defaults, "overrides": []},
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "area", "textMode": "auto", "justifyMode": "auto",
                        "orientation": "auto"},
            "targets": [target(expr, instant=True)]}


def timeseries(title, targets, unit, x, y, w=12, h=8, description="", stack=False):
    return {"type": "timeseries", "title": title, "description": description, "datasource": DS,
            "gridPos": {"x": x, "y": y, "w": w, "h": h},
            "fieldConfig": {"defaults": {"unit": unit, "custom": {
                "drawStyle": "line", "lineWidth": 2, "fillOpacity": 15 if stack else 5, "showPoints": "never",
                "stacking": {"mode": "normal" if stack else "none", "group": "A"}}}, "overrides": []},
            "options": {"legend": {"displayMode": "table", "placement": "bottom", "calcs": ["lastNotNull"]},
                        "tooltip": {"mode": "multi", "sort": "desc"}},
            "targets": [target(e, legend, ref=chr(65 + i)) for i, (e, legend) in enumerate(targets)]}


def bars(title, expr, legend, unit, x, y, w=12, h=8, description=""):
    return {"type": "bargauge", "title": title, "description": description, "datasource": DS,
            "gridPos": {"x": x, "y": y, "w": w, "h": h},
            "fieldConfig": {"defaults": {"unit": unit, "min": 0, "color": {"mode": "continuous-GrYlRd"}},
                            "overrides": []},
            "options": {"orientation": "horizontal", "displayMode": "gradient", "showUnfilled": True,
                        "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}},
            "targets": [target(expr, legend, instant=True)]}


def table(title, columns, x, y, w=24, h=10, description="", sort_by=None, joined_by=None):
    """columns: list of (header, expr, unit); instant queries merged on their labels into one row each."""
    targets, overrides, renames = [], [], {}
    for i, (header, expr, unit) in enumerate(columns):
        ref = chr(65 + i)
        targets.append(target(expr, instant=True, fmt="table", ref=ref))
        renames["Value #" + ref] = header
        overrides.append({"matcher": {"id": "byName", "options": header},
                          "properties": [{"id": "unit", "value": unit}]})
    transformations = [{"id": "merge", "options": {}},
                       {"id": "organize", "options": {"excludeByName": {"Time": True, "__name__": True,
                                                                          "job": True, "instance": True},
                                                      "renameByName": renames}}]
    panel = {"type": "table", "title": title, "description": description, "datasource": DS,
             "gridPos": {"x": x, "y": y, "w": w, "h": h},
             "fieldConfig": {"defaults": {"custom": {"align": "auto", "filterable": True}}, "overrides": overrides},
             "options": {"showHeader": True, "footer": {"show": False}},
             "transformations": transformations, "targets": targets}
    if sort_by:
        panel["options"]["sortBy"] = [{"displayName": sort_by, "desc": True}]
    return panel


def dashboard(uid, title, description, panels, variables):
    return {"uid": uid, "title": title, "description": description, "tags": ["reclaimer"],
            "timezone": "browser", "editable": False, "graphTooltip": 1, "schemaVersion": 39, "version": 1,
            "refresh": "30s", "time": {"from": "now-6h", "to": "now"}, "fiscalYearStartMonth": 0,
            "links": [{"type": "dashboards", "tags": ["reclaimer"], "asDropdown": True, "title": "Reclaimer",
                       "includeVars": True, "keepTime": True, "icon": "external link", "targetBlank": False,
                       "tooltip": "", "url": ""}],
            "annotations": {"list": []},
            "templating": {"list": [datasource_var()] + variables},
            "panels": panels}


def write(name, board):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(board, f, indent=2, sort_keys=False)
        f.write("\n")


CLUSTER = 'cluster=~"$cluster"'
NS = 'cluster=~"$cluster", namespace=~"$namespace"'


def actions():
    panels = [
        stat("Weekly report e-mails sent (7d)", 'sum(increase(reclaimer_report_emails_total{outcome="sent"}[7d]))',
             "short", 0, 0, decimals=0, color="green",
             description="E-mails the weekly report delivered in the last 7 days (reclaimer_report_emails_total)."),
        stat("Weekly report e-mails failed (7d)", 'sum(increase(reclaimer_report_emails_total{outcome="failed"}[7d]))',
             "short", 6, 0, decimals=0,
             thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 1}],
             description="E-mails the weekly report could not send (SMTP refused or unreachable)."),
        stat("Last complete report", 'max(reclaimer_report_last_success_timestamp_seconds) * 1000',
             "dateTimeFromNow", 12, 0, color="text",
             description="When a report run last delivered every e-mail (reclaimer_report_last_success_timestamp_seconds)."),
    ]
    return dashboard("reclaimer-actions", "Reclaimer / Actions",
                     "Pending approvals, executed and failed actions, realized savings, and the weekly report.",
                     panels, [])


def pipeline():
    panels = [
        stat("Services up", 'sum(up{job=~"reclaimer.*"})', "short", 0, 0, decimals=0, color="green",
             description="Reclaimer processes Prometheus scrapes successfully."),
        timeseries("Usage samples received per cluster",
                   [('sum by (cluster) (rate(reclaimer_usage_samples_received_total{' + CLUSTER + '}[$__rate_interval]))',
                     "{{cluster}}")], "reqps", 0, 4,
                   description="Samples per second the analysis receives from each cluster's collector; a cluster "
                               "that drops to zero has a collector gone quiet (alert ReclaimerCollectorQuiet)."),
        timeseries("JVM heap used", [('sum by (instance) (jvm_memory_used_bytes{area="heap"})', "{{instance}}")],
                   "bytes", 12, 4, description="Heap used per Reclaimer process (client_java JVM metrics)."),
    ]
    return dashboard("reclaimer-pipeline", "Reclaimer / Pipeline health",
                     "Reclaimer's own health: processes, lag, dead letters, collectors.", panels,
                     [query_var("cluster", "Cluster", "label_values(reclaimer_usage_samples_received_total, cluster)")])


BOARDS = {
    "reclaimer-actions.json": actions,
    "reclaimer-pipeline.json": pipeline,
}

if __name__ == "__main__":
    for file_name, build in BOARDS.items():
        write(file_name, build())
        print("wrote", file_name)
