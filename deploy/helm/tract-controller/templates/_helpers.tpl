{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "tract-controller.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: the release name, plus the chart name unless the release already has it. */}}
{{- define "tract-controller.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "tract-controller.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: name and instance only (selectors are immutable). */}}
{{- define "tract-controller.selectorLabels" -}}
app.kubernetes.io/name: {{ include "tract-controller.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* The recommended labels (Helm best practices). */}}
{{- define "tract-controller.labels" -}}
helm.sh/chart: {{ include "tract-controller.chart" . }}
{{ include "tract-controller.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: controller
app.kubernetes.io/part-of: tract
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "tract-controller.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "tract-controller.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "tract-controller.image" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}
{{- end }}

{{- define "tract-controller.leaseName" -}}
{{- default (printf "%s-leader" (include "tract-controller.fullname" .)) .Values.leaderElection.leaseName }}
{{- end }}

{{/*
Readiness path. One replica: /readyz (ready once the TractRepo informers have listed and, with leader
election, only while leading). Several replicas: /healthz, because /readyz is true on the leader only,
and a Deployment whose standbys are never Ready cannot finish a rolling update and its
PodDisruptionBudget blocks draining the leader's node. Every replica is then Ready and the Service
sends webhooks and API calls to any of them: standbys forward them to the leader, whose address they
read from the leader Lease (docs/operator-ha.md). Override with readinessProbe.path.
*/}}
{{- define "tract-controller.readinessPath" -}}
{{- if .Values.readinessProbe.path }}
{{- .Values.readinessProbe.path }}
{{- else if gt (int .Values.replicaCount) 1 }}
{{- print "/healthz" }}
{{- else }}
{{- print "/readyz" }}
{{- end }}
{{- end }}

{{/* Namespaces the controller reads TractRepos, Secrets and writes Events in: empty = cluster-wide. */}}
{{- define "tract-controller.watchNamespaces" -}}
{{- join "," .Values.watchNamespaces }}
{{- end }}
