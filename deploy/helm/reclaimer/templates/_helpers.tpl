{{/* The release's base name: the release name when it already says reclaimer, else <release>-reclaimer. */}}
{{- define "reclaimer.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "reclaimer.hub" -}}
{{- if or (eq .Values.profile "hub") (eq .Values.profile "all") -}}true{{- end -}}
{{- end -}}

{{- define "reclaimer.spoke" -}}
{{- if or (eq .Values.profile "spoke") (eq .Values.profile "all") -}}true{{- end -}}
{{- end -}}

{{- define "reclaimer.baseLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: reclaimer
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{- define "reclaimer.labels" -}}
{{ include "reclaimer.baseLabels" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels of one component's objects and pods: (dict "root" $ "component" "streams") */}}
{{- define "reclaimer.componentLabels" -}}
{{ include "reclaimer.baseLabels" .root }}
{{ include "reclaimer.selector" . }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "streams") */}}
{{- define "reclaimer.selector" -}}
app.kubernetes.io/name: reclaimer-{{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "reclaimer.image" -}}
{{- $tag := .Values.image.tag | default .Chart.AppVersion -}}
{{- if eq (toString $tag) "latest" -}}
{{- fail "image.tag: `latest` is not allowed, name a release (default: the chart's appVersion)" -}}
{{- end -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}

{{- define "reclaimer.requireKafka" -}}
{{- if and (not .Values.kafka.bootstrapServers) (not .Values.existingConfigSecret) -}}
{{- fail "kafka.bootstrapServers is required (host:port[,host:port...])" -}}
{{- end -}}
{{- end -}}

{{- define "reclaimer.requireClusterId" -}}
{{- if not .Values.clusterId -}}
{{- fail (printf "clusterId is required by the %s profile: the cluster's id, unique across the fleet" .Values.profile) -}}
{{- end -}}
{{- end -}}

{{/* The pod-level security context every pod has (Pod Security "restricted"). */}}
{{- define "reclaimer.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The container-level security context every container has. */}}
{{- define "reclaimer.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Pod annotations: scrape annotations, a checksum of the configuration (pods restart on change), extras. */}}
{{- define "reclaimer.podAnnotations" -}}
{{- if .Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: "9400"
prometheus.io/path: /metrics
{{- end }}
checksum/config: {{ include "reclaimer.configFile" . | sha256sum }}
{{- with .Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Environment every Reclaimer container gets. */}}
{{- define "reclaimer.env" -}}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* The configuration file's volume: the chart's ConfigMap, or the Secret named by existingConfigSecret. */}}
{{- define "reclaimer.configVolumes" -}}
- name: config
{{- if .Values.existingConfigSecret }}
  secret:
    secretName: {{ .Values.existingConfigSecret }}
    items: [{key: reclaimer.yaml, path: reclaimer.yaml}]
{{- else }}
  configMap:
    name: {{ include "reclaimer.fullname" . }}-config
{{- end }}
- name: tmp
  emptyDir: {}
{{- if .Values.kafka.secretName }}
- name: kafka-secret
  secret:
    secretName: {{ .Values.kafka.secretName }}
{{- end }}
{{- end -}}

{{- define "reclaimer.configMounts" -}}
- {name: config, mountPath: /etc/reclaimer/config, readOnly: true}
- {name: tmp, mountPath: /tmp}
{{- if .Values.kafka.secretName }}
- {name: kafka-secret, mountPath: /etc/reclaimer/kafka, readOnly: true}
{{- end }}
{{- end -}}

{{/* Probes on /healthz of the http port. */}}
{{- define "reclaimer.probes" -}}
readinessProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: 10
livenessProbe:
  httpGet: {path: /healthz, port: http}
  initialDelaySeconds: 60
  periodSeconds: 20
  failureThreshold: 6
{{- end -}}

{{/* Is a Prometheus Operator kind wanted: "true", "false" or "auto" (only when its CRDs are installed). */}}
{{- define "reclaimer.monitoringEnabled" -}}
{{- $setting := toString .setting -}}
{{- if eq $setting "true" -}}true
{{- else if and (eq $setting "auto") (.root.Capabilities.APIVersions.Has "monitoring.coreos.com/v1") -}}true
{{- end -}}
{{- end -}}
