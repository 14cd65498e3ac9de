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
# the capacity findings are on the Fleet board: over-provisioned containers are rightsizing, node findings the same
# money seen at the nodes, spot eligibility a price difference; none is an orphaned or idle resource
CAPACITY_KINDS = "overprovisioned-container|node-pool-consolidation|underutilized-node|spot-eligible"
ORPHANS = 'kind!~"%s", ' % CAPACITY_KINDS + NS
# node findings restate the rightsizing's money at the nodes (docs/waste.md): never added to the waste found
NOT_NODES = 'kind!~"node-pool-consolidation|underutilized-node", ' + NS


def cluster_namespace_vars(metric):
    return [query_var("cluster", "Cluster", "label_values(%s, cluster)" % metric),
            query_var("namespace", "Namespace", 'label_values(%s{cluster=~"$cluster"}, namespace)' % metric)]


def fleet():
    panels = [
        stat("Monthly spend", "sum(reclaimer_namespace_cost_monthly_usd{%s})" % NS, "currencyUSD", 0, 0,
             description="Cost allocated to the selected namespaces, projected over a month (OpenCost model: "
                         "requests and usage priced per node, idle capacity shared)."),
        stat("Waste found", "sum(reclaimer_waste_monthly_usd{%s})" % NOT_NODES, "currencyUSD", 6, 0, color="red",
             description="US$ a month of the open findings: orphaned resources, idle environments, "
                         "over-provisioned containers, spot-eligible workloads. Node findings are the same money as "
                         "the over-provisioned containers seen at the nodes: they are below, not added here. Cloud "
                         "resources without a cluster count under every cluster."),
        stat("Realized savings", "sum(reclaimer_actions_realized_monthly_savings_usd{%s})" % CLUSTER, "currencyUSD", 12, 0,
             color="green", description="US$ a month taken back by executed actions that were not rolled back."),
        stat("Invoice minus estimate", "sum(reclaimer_reconciliation_delta_usd{%s})" % CLUSTER, "currencyUSD", 18, 0,
             color="purple", description="What Cost Explorer invoiced for the clusters' tags on the latest invoiced "
                                         "day, minus Reclaimer's estimate of the same day (storage, load balancers, "
                                         "transfer and discounts are not in the estimate)."),
        timeseries("Monthly spend by cluster",
                   [("sum by (cluster) (reclaimer_namespace_cost_monthly_usd{%s})" % NS, "{{cluster}}")],
                   "currencyUSD", 0, 4, stack=True, description="Allocated cost per cluster, projected over a month."),
        timeseries("Estimate vs invoice (latest invoiced day)",
                   [("sum by (cluster) (reclaimer_reconciliation_estimated_usd{%s})" % CLUSTER, "estimate {{cluster}}"),
                    ("sum by (cluster) (reclaimer_reconciliation_invoiced_usd{%s})" % CLUSTER, "invoice {{cluster}}")],
                   "currencyUSD", 12, 4, description="Reclaimer's daily estimate of each cluster (nodes and control "
                                                     "plane) next to what Cost Explorer invoiced for its tag that day."),
        bars("Top namespaces by spend",
             "topk(10, sum by (cluster, namespace) (reclaimer_namespace_cost_monthly_usd{%s}))" % NS,
             "{{cluster}}/{{namespace}}", "currencyUSD", 0, 12),
        bars("Waste by kind", "sum by (kind) (reclaimer_waste_monthly_usd{%s})" % NS, "{{kind}}", "currencyUSD", 12, 12),
        # request savings and node savings apart (docs/waste.md): lower requests take nothing off the bill until
        # nodes go away; "or vector(0)": no pool with removable nodes is 0 US$, not "No data"
        stat("Node savings: realizable now",
             'sum(reclaimer_waste_monthly_usd{%s, kind="node-pool-consolidation"}) or vector(0)' % CLUSTER,
             "currencyUSD", 0, 20, w=8, color="green",
             description="US$ a month of the nodes node-pool consolidation finds removable (the pools' pods packed at "
                         "their recommended requests): removing them lowers the bill now. Underutilized nodes are the "
                         "same money seen node by node and are not added."),
        stat("Request savings: realizable as nodes go away",
             "sum(reclaimer_namespace_recommended_savings_monthly_usd{%s})" % NS, "currencyUSD", 8, 20, w=8,
             color="orange",
             description="US$ a month the rightsizing recommendations save (positive savings only). Lower requests "
                         "take nothing off the bill until the nodes they free are removed: realizable only through "
                         "node savings."),
        stat("Underutilized nodes (not added)",
             'sum(reclaimer_waste_monthly_usd{%s, kind="underutilized-node"}) or vector(0)' % CLUSTER,
             "currencyUSD", 16, 20, w=8, color="blue",
             description="US$ a month of the nodes whose pods, at their recommended requests, request at most "
                         "waste.capacity.underutilizedNodeMaxRequestShare of them: which nodes to drain; the same "
                         "money as the node savings, not to be added to it."),
    ]
    return dashboard("reclaimer-fleet", "Reclaimer / Fleet overview",
                     "What the fleet costs, what it wastes, what Reclaimer took back, and how the estimate compares "
                     "with the invoice.", panels, cluster_namespace_vars("reclaimer_namespace_cost_monthly_usd"))


def rightsizing():
    container = NS
    panels = [
        stat("Rightsizing savings available", "sum(reclaimer_namespace_recommended_savings_monthly_usd{%s})" % NS,
             "currencyUSD", 0, 0, color="orange",
             description="US$ a month saved by applying every recommendation of the selected namespaces (positive savings)."),
        stat("Containers with a recommendation", "sum(reclaimer_rightsizing_containers{%s})" % CLUSTER,
             "short", 6, 0, decimals=0, description="Over the selected clusters (the count is kept per cluster)."),
        stat("CPU requested → recommended",
             "sum(reclaimer_rightsizing_cpu_recommendation_cores{%s}) / sum(reclaimer_rightsizing_cpu_request_cores{%s})"
             % (CLUSTER, CLUSTER), "percentunit", 12, 0,
             description="Recommended CPU as a share of requested CPU, per pod, over the containers of the selected "
                         "clusters that set a CPU request (the sums are kept per cluster)."),
        stat("Memory requested → recommended",
             "sum(reclaimer_rightsizing_memory_recommendation_bytes{%s}) / sum(reclaimer_rightsizing_memory_request_bytes{%s})"
             % (CLUSTER, CLUSTER), "percentunit", 18, 0,
             description="Recommended memory as a share of requested memory, per pod, over the containers of the "
                         "selected clusters that set a memory request."),
        bars("Top workloads by savings",
             "topk(10, sum by (cluster, namespace, workload_kind, workload) (reclaimer_recommended_savings_monthly_usd{%s}))"
             % NS, "{{cluster}}/{{namespace}}/{{workload_kind}}/{{workload}}", "currencyUSD", 0, 4, w=24,
             description="From the workloads each analysis instance exports with their own series "
                         "(analysis.metrics.topWorkloads, the ones with the most savings)."),
        table("Top containers: current vs recommended (per pod)", [
            ("CPU request", "sum by (cluster, namespace, workload_kind, workload, container) "
                            "(reclaimer_container_cpu_request_cores{%s})" % container, "short"),
            ("CPU recommended", "sum by (cluster, namespace, workload_kind, workload, container) "
                                "(reclaimer_container_cpu_recommendation_cores{%s})" % container, "short"),
            ("Memory request", "sum by (cluster, namespace, workload_kind, workload, container) "
                               "(reclaimer_container_memory_request_bytes{%s})" % container, "bytes"),
            ("Memory recommended", "sum by (cluster, namespace, workload_kind, workload, container) "
                                   "(reclaimer_container_memory_recommendation_bytes{%s})" % container, "bytes"),
            ("Savings $/month", "sum by (cluster, namespace, workload_kind, workload, container) "
                                "(reclaimer_container_savings_monthly_usd{%s})" % container, "currencyUSD"),
        ], 0, 12, h=12, sort_by="Savings $/month",
            description="The containers with the most savings (analysis.metrics.topContainers per instance, or every "
                        "container up to 10,000 with analysis.metrics.perContainer): requests per pod and what the "
                        "recommendation says (cores, bytes). The full list: /api/recommendations."),
        table("Per workload: monthly savings", [
            ("Savings $/month", "sum by (cluster, namespace, workload_kind, workload) "
                                "(reclaimer_recommended_savings_monthly_usd{%s})" % NS, "currencyUSD"),
        ], 0, 24, h=10, sort_by="Savings $/month"),
        table("Per namespace: monthly savings", [
            ("Savings $/month", "sum by (cluster, namespace) "
                                "(reclaimer_namespace_recommended_savings_monthly_usd{%s})" % NS, "currencyUSD"),
        ], 0, 34, h=10, sort_by="Savings $/month"),
    ]
    return dashboard("reclaimer-rightsizing", "Reclaimer / Rightsizing",
                     "Savings per namespace and cluster, the workloads and containers with the most: what is requested, "
                     "what should be, and what the difference is worth.",
                     panels, cluster_namespace_vars("reclaimer_namespace_recommended_savings_monthly_usd"))


def orphans():
    panels = [
        stat("Open findings", "sum(reclaimer_open_findings)", "short", 0, 0, decimals=0,
             description="Findings currently open, every kind (fleet-wide)."),
        stat("Orphaned and idle: $/month", "sum(reclaimer_waste_monthly_usd{%s})" % ORPHANS, "currencyUSD", 6, 0,
             color="red", description="US$ a month of the open findings other than over-provisioned containers "
                                      "(those are on the rightsizing dashboard) and the capacity findings (node-pool "
                                      "consolidation, underutilized nodes, spot-eligible workloads: on the fleet "
                                      "overview)."),
        bars("$/month by kind", 'sum by (kind) (reclaimer_waste_monthly_usd{%s})' % ORPHANS, "{{kind}}",
             "currencyUSD", 12, 0, h=8),
        timeseries("Open findings by kind", [('sum by (kind) (reclaimer_open_findings{kind!~"%s"})' % CAPACITY_KINDS,
                                              "{{kind}}")], "short", 0, 4, w=12, h=8, stack=True),
        table("Where: $/month per cluster, namespace and kind", [
            ("$/month", "sum by (cluster, namespace, kind) (reclaimer_waste_monthly_usd{%s})" % ORPHANS, "currencyUSD"),
        ], 0, 12, h=12, sort_by="$/month",
            description="Cloud resources without a cluster tag have an empty cluster and namespace."),
    ]
    return dashboard("reclaimer-orphans", "Reclaimer / Orphaned resources",
                     "Unattached volumes, unused addresses, idle load balancers, old snapshots, unused PVCs and "
                     "released PVs, services without endpoints, idle namespaces.",
                     panels, cluster_namespace_vars("reclaimer_waste_monthly_usd"))


def actions():
    panels = [
        stat("Pending approvals", "sum(reclaimer_actions_pending_approvals{%s})" % CLUSTER, "short", 0, 0, decimals=0,
             thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 10}],
             description="Approval requests waiting for a decision in Slack."),
        stat("Executed", 'sum(increase(reclaimer_actions_total{outcome="executed", %s}[$__range])) or vector(0)' % CLUSTER,
             "short",
             6, 0, decimals=0, color="green",
             description="Actions executed in the time range (0 when none: the counter appears with the first)."),
        stat("Failed", 'sum(increase(reclaimer_actions_failures_total{%s}[$__range])) or vector(0)' % CLUSTER, "short", 12, 0,
             decimals=0, thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 1}],
             description="Executions and rollbacks that failed in the time range; the audit log says what happened."),
        stat("Realized savings", "sum(reclaimer_actions_realized_monthly_savings_usd{%s})" % CLUSTER, "currencyUSD", 18, 0,
             color="green", description="US$ a month taken back by executed actions that were not rolled back."),
        timeseries("Actions by outcome", [("sum by (outcome) (increase(reclaimer_actions_total{%s}[$__rate_interval]))" % CLUSTER,
                                           "{{outcome}}")], "short", 0, 4, stack=True,
                   description="Requests by verdict (dry_run, approval_requested, auto), decisions and execution "
                               "outcomes (executed, aborted, failed, withdrawn, rolled_back, rollback_failed)."),
        bars("Realized savings by action type", "sum by (type) (reclaimer_actions_realized_monthly_savings_usd{%s})" % CLUSTER,
             "{{type}}", "currencyUSD", 12, 4),
        stat("Weekly report e-mails sent (7d)", 'sum(increase(reclaimer_report_emails_total{outcome="sent"}[7d]))',
             "short", 0, 12, decimals=0, color="green",
             description="E-mails the weekly report delivered in the last 7 days (reclaimer_report_emails_total)."),
        stat("Weekly report e-mails failed (7d)", 'sum(increase(reclaimer_report_emails_total{outcome="failed"}[7d]))',
             "short", 6, 12, decimals=0,
             thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 1}],
             description="E-mails the weekly report could not send (SMTP refused or unreachable)."),
        stat("Last complete report", 'max(reclaimer_report_last_success_timestamp_seconds) * 1000',
             "dateTimeFromNow", 12, 12, color="text",
             description="When a report run last delivered every e-mail (reclaimer_report_last_success_timestamp_seconds)."),
        stat("Withdrawn", 'sum(increase(reclaimer_actions_total{outcome="withdrawn", %s}[$__range])) or vector(0)' % CLUSTER,
             "short", 18, 12, decimals=0,
             thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 1}],
             description="Requests withdrawn right before acting in the time range: the current policy, the finding, "
                         "the target's own opt-out or actions.dryRun no longer allowed them. The audit log's withdrawn "
                         "events name the reason and the rule."),
    ]
    return dashboard("reclaimer-actions", "Reclaimer / Actions",
                     "Pending approvals, executed and failed actions, realized savings, and the weekly report. "
                     "Cloud resources have no cluster: they count under All only.",
                     panels, [query_var("cluster", "Cluster",
                                        "label_values(reclaimer_usage_samples_received_total, cluster)")])


# a Reclaimer target, however Prometheus found it: by job name (compose, the Helm chart's ServiceMonitor) or by
# the pods' part-of label (annotation-based scraping keeps pod labels)
SERVICES_UP = 'sum(up{job=~"reclaimer.*"} or up{app_kubernetes_io_part_of="reclaimer"})'


def row(title, y):
    return {"type": "row", "title": title, "collapsed": False, "gridPos": {"x": 0, "y": y, "w": 24, "h": 1},
            "panels": []}


def collector_row(y):
    """The collectors' own metrics; 0 (not "No data") where no collector of that kind runs."""
    return [
        row("Collectors", y),
        stat("Kubernetes clusters unreachable", "count(reclaimer_kubernetes_cluster_up == 0) or vector(0)", "short",
             0, y + 1, decimals=0, thresholds=[{"color": "green", "value": None}, {"color": "red", "value": 1}],
             description="Clusters whose collector has lost its API server (alert ReclaimerKubernetesClusterUnreachable); "
                         "the collector's log names the newest API error."),
        stat("Metrics API poll failures (range)",
             "sum(increase(reclaimer_kubernetes_usage_poll_failures_total[$__range])) or vector(0)", "short", 6, y + 1,
             decimals=0, thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 1}],
             description="Failed polls of metrics.k8s.io: usage samples missing for those minutes."),
        stat("AWS collection errors (range)",
             "sum(increase(reclaimer_aws_collection_errors_total[$__range])) or vector(0)", "short", 12, y + 1,
             decimals=0, thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 1}],
             description="AWS listings or Cost Explorer queries that failed after the SDK's retries "
                         "(alert ReclaimerAwsCollectionFailing)."),
        stat("Cost Explorer requests (range)",
             'sum(increase(reclaimer_aws_cost_explorer_requests_total{outcome="success"}[$__range])) or vector(0)',
             "short", 18, y + 1, decimals=0, color="purple",
             description="Successful Cost Explorer requests; AWS bills each US$0.01."),
        timeseries("Kubernetes records published per second",
                   [('sum by (cluster) (rate(reclaimer_kubernetes_records_published_total{' + CLUSTER
                     + '}[$__rate_interval])) or vector(0)', "{{cluster}}")], "ops", 0, y + 5, w=24,
                   description="Workloads, inventory, events and usage samples each cluster's collector sends "
                               "(0 without a Kubernetes collector)."),
    ]


def pipeline():
    panels = [
        stat("Analysis running", "min(reclaimer_streams_up)", "short", 0, 0, decimals=0,
             thresholds=[{"color": "red", "value": None}, {"color": "green", "value": 1}],
             description="1 while every analysis instance runs; 0 while one starts, rebalances or has failed."),
        stat("Services up", SERVICES_UP, "short", 6, 0, decimals=0, color="green",
             description="Reclaimer processes Prometheus scrapes successfully: the compose and ServiceMonitor jobs "
                         "(job reclaimer-*) and pods found by annotation-based scraping (label "
                         "app_kubernetes_io_part_of=\"reclaimer\")."),
        stat("Dead letters (range)", "sum(increase(reclaimer_dead_letters_total[$__range]))", "short", 12, 0,
             decimals=0, thresholds=[{"color": "green", "value": None}, {"color": "orange", "value": 1}],
             description="Records that could not be read and went to the dead-letter topic with their reason."),
        stat("Consumer lag", "sum(reclaimer_streams_consumer_lag_records)", "short", 18, 0, decimals=0,
             description="Records the analysis has not read yet, over every input topic."),
        timeseries("Records processed per second", [("sum(rate(reclaimer_streams_records_processed_total[$__rate_interval]))",
                                                     "processed")], "ops", 0, 4),
        timeseries("Consumer lag by topic", [("sum by (topic) (reclaimer_streams_consumer_lag_records)", "{{topic}}")],
                   "short", 12, 4),
        timeseries("Usage samples received per cluster",
                   [('sum by (cluster) (rate(reclaimer_usage_samples_received_total{' + CLUSTER + '}[$__rate_interval]))',
                     "{{cluster}}")], "reqps", 0, 12,
                   description="Samples per second the analysis receives from each cluster's collector; a cluster "
                               "that drops to zero has a collector gone quiet (alert ReclaimerCollectorQuiet)."),
        timeseries("Late data dropped", [("sum(rate(reclaimer_usage_late_samples_total[$__rate_interval]))", "late samples"),
                                         ("sum(rate(reclaimer_allocation_late_charges_total[$__rate_interval]))",
                                          "late container-hours")], "ops", 12, 12,
                   description="Samples and container-hours that arrived after their window closed and were not counted."),
        timeseries("JVM heap used", [('sum by (instance) (jvm_memory_used_bytes{area="heap"})', "{{instance}}")],
                   "bytes", 0, 20, description="Heap used per Reclaimer process (client_java JVM metrics)."),
    ] + collector_row(28)
    return dashboard("reclaimer-pipeline", "Reclaimer / Pipeline health",
                     "Reclaimer's own health: processes, lag, dead letters, collectors.", panels,
                     [query_var("cluster", "Cluster", "label_values(reclaimer_usage_samples_received_total, cluster)")])


BOARDS = {
    "reclaimer-fleet.json": fleet,
    "reclaimer-rightsizing.json": rightsizing,
    "reclaimer-orphans.json": orphans,
    "reclaimer-actions.json": actions,
    "reclaimer-pipeline.json": pipeline,
}

if __name__ == "__main__":
    for file_name, build in BOARDS.items():
        write(file_name, build())
        print("wrote", file_name)
