{{- /*
The controller's API calls, exactly (controller/kube/*; test/integration/deploy/rbac.test.ts compares
this list with the calls in that code): TractRepos are listed, watched, read and patched (finalizers),
their status is merge-patched through /status, Secrets are read one by one and listed+watched per
namespace holding TractRepos (so a fixed token is retried at once, docs/operator.md "Secrets"), Events
are created and patched (series). tractrepos/finalizers `update` is for clusters that enforce owner-reference permissions
(OwnerReferencesPermissionEnforcement, e.g. OpenShift), which require it to set finalizers.
*/ -}}
{{- define "tract-controller.rules" -}}
- apiGroups: [tract.dev]
  resources: [tractrepos]
  verbs: [get, list, watch, patch]
- apiGroups: [tract.dev]
  resources: [tractrepos/status]
  verbs: [patch]
- apiGroups: [tract.dev]
  resources: [tractrepos/finalizers]
  verbs: [update]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
{{- end }}
