{{- define "gw.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "gw.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "gw.redisName" -}}
{{- printf "%s-redis" (include "gw.fullname" . | trunc 57 | trimSuffix "-") -}}
{{- end -}}

{{- define "gw.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{ include "gw.selectorLabels" . }}
{{- end -}}

{{- define "gw.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: gateway
{{- end -}}

{{- define "gw.redisSelectorLabels" -}}
app.kubernetes.io/name: {{ include "gw.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: redis
{{- end -}}

{{- define "gw.redisLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{ include "gw.redisSelectorLabels" . }}
{{- end -}}

{{- define "gw.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "gw.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* image ref: repository, then @digest or :tag. */}}
{{- define "gw.image" -}}
{{- if .digest -}}
{{- printf "%s@%s" .repository .digest -}}
{{- else -}}
{{- printf "%s:%s" .repository .tag -}}
{{- end -}}
{{- end -}}

{{/* The replicas the gateway expects, for its fallback share of the
AuthRocket budget while Redis is down. */}}
{{- define "gw.replicas" -}}
{{- if .Values.autoscaling.enabled -}}
{{- .Values.autoscaling.minReplicas -}}
{{- else -}}
{{- .Values.replicaCount -}}
{{- end -}}
{{- end -}}

{{- define "gw.redisUrl" -}}
{{- if .Values.redis.enabled -}}
{{- printf "redis://%s:6379/0" (include "gw.redisName" .) -}}
{{- else -}}
{{- .Values.redis.url -}}
{{- end -}}
{{- end -}}

{{- define "gw.redisPasswordSecret" -}}
{{- default .Values.secrets.existingSecret .Values.redis.passwordSecret -}}
{{- end -}}

{{/* The external Redis's port, from its URL (6379 when it names none). */}}
{{- define "gw.externalRedisPort" -}}
{{- $host := (urlParse .Values.redis.url).host -}}
{{- if regexMatch ":[0-9]+$" $host -}}
{{- regexFind "[0-9]+$" $host -}}
{{- else -}}
6379
{{- end -}}
{{- end -}}

{{/* Checks of the values that templates cannot express otherwise. */}}
{{- define "gw.validate" -}}
{{- if not .Values.secrets.existingSecret -}}
{{- fail "secrets.existingSecret: name the Secret holding AuthRocket's API key (the chart never holds secrets)" -}}
{{- end -}}
{{- if and (not .Values.policy.content) (not .Values.policy.existingConfigMap) -}}
{{- fail "policy: set policy.content or policy.existingConfigMap; the gateway refuses to start without a policy" -}}
{{- end -}}
{{- if and .Values.redis.enabled .Values.redis.url -}}
{{- fail "redis: set redis.enabled (the chart's Redis) or redis.url (yours), not both" -}}
{{- end -}}
{{- if and .Values.redis.enabled (not .Values.redis.passwordKey) -}}
{{- fail "redis.passwordKey: the chart's Redis needs a password from a Secret" -}}
{{- end -}}
{{- if .Values.redis.url -}}
{{- $u := urlParse .Values.redis.url -}}
{{- if not (has $u.scheme (list "redis" "rediss")) -}}
{{- fail "redis.url: want redis:// or rediss://" -}}
{{- end -}}
{{- if $u.userinfo -}}
{{- fail "redis.url: no user or password in the URL; the password comes from redis.passwordSecret" -}}
{{- end -}}
{{- end -}}
{{- if and .Values.tls.enabled (not .Values.tls.existingSecret) -}}
{{- fail "tls.existingSecret: name the kubernetes.io/tls Secret when tls.enabled" -}}
{{- end -}}
{{- if and .Values.tls.clientCASecret (not .Values.tls.enabled) -}}
{{- fail "tls.clientCASecret: client certificates (mTLS) need tls.enabled" -}}
{{- end -}}
{{- if gt (int .Values.shutdown.delaySeconds) 60 -}}
{{- fail "shutdown.delaySeconds: at most 60 (the gateway's --shutdown-delay)" -}}
{{- end -}}
{{- end -}}
