{{- define "tract-controller.config" -}}
mode: operator
host: 0.0.0.0
port: 3100
stateDir: /var/lib/tract
log:
  level: {{ .Values.config.logLevel }}
  format: json
watchNamespaces: {{ toJson .Values.watchNamespaces }}
shardSelector: {{ .Values.shardSelector | quote }}
concurrency: {{ .Values.config.concurrency }}
jitterPercent: {{ .Values.config.jitterPercent }}
backoff:
  minMs: {{ .Values.config.backoff.min }}
  maxMs: {{ .Values.config.backoff.max }}
jiraTimeoutMs: {{ .Values.config.jiraTimeout }}
webhookBodyLimitBytes: {{ int .Values.config.webhookBodyLimitBytes }}
shutdownTimeoutMs: {{ .Values.config.shutdownTimeout }}
leaderElection:
  enabled: {{ .Values.leaderElection.enabled }}
  leaseName: {{ include "tract-controller.leaseName" . }}
  leaseNamespace: {{ .Release.Namespace }}
  leaseDurationMs: {{ .Values.leaderElection.leaseDuration }}
  renewDeadlineMs: {{ .Values.leaderElection.renewDeadline }}
  retryPeriodMs: {{ .Values.leaderElection.retryPeriod }}
{{- end }}
