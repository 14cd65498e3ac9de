{{/* The configuration file (YAML) of every pod of this release. */}}
{{- define "reclaimer.configFile" -}}
{{- $kafka := dict "bootstrapServers" .Values.kafka.bootstrapServers "topicNamespace" .Values.kafka.topicNamespace "replicationFactor" .Values.kafka.replicationFactor -}}
{{- with .Values.kafka.clientProperties }}
{{- $_ := set $kafka "clientProperties" . -}}
{{- end }}
{{- $config := dict "kafka" $kafka "http" (dict "port" 9400) "analysis" (dict "stateDir" "/data/streams") -}}
{{- if include "reclaimer.hub" . }}
{{- $kube := dict -}}
{{- if .Values.actions.kubernetes.kubeconfigSecret }}
{{- $_ := set $kube "kubeconfig" "/etc/reclaimer/kubeconfig/config" -}}
{{- end }}
{{- with .Values.actions.kubernetes.contexts }}
{{- $_ := set $kube "contexts" . -}}
{{- end }}
{{- with .Values.actions.kubernetes.eks }}
{{- $_ := set $kube "eks" . -}}
{{- end }}
{{- if and (eq .Values.profile "all") .Values.executor.enabled }}
{{- $_ := set $kube "inCluster" .Values.clusterId -}}
{{- end }}
{{- $actions := dict "slack" (dict "channel" .Values.actions.slack.channel "mode" (.Values.actions.slack.mode | default "http")) -}}
{{- if $kube }}
{{- $_ := set $actions "kubernetes" $kube -}}
{{- end }}
{{- if .Values.actions.policiesConfigMap }}
{{- $_ := set $actions "policyDirectory" "/etc/reclaimer/policies" -}}
{{- end }}
{{- if .Values.actions.dryRun }}
{{- $_ := set $actions "dryRun" true -}}
{{- end }}
{{- $_ := set $config "actions" $actions -}}
{{- end }}
{{- $config = mustMergeOverwrite $config (deepCopy .Values.config) }}
{{- toYaml $config -}}
{{- end -}}
