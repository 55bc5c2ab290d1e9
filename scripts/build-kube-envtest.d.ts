/** `${XDG_CACHE_HOME:-~/.cache}/tract/kube` */
export function kubeCacheRoot(env?: NodeJS.ProcessEnv): string;
/** Hash of the pins (both modules' go.mod, go.sum and sources, the Go version, the build flags). */
export function pinsHash(go?: string): string;
/** kube-apiserver and etcd for the real-server tests, built first when missing (synchronous, minutes the first time). */
export function ensureKubeBinaries(options?: { log?: (line: string) => void }): {
  dir: string;
  kubeApiserver: string;
  etcd: string;
  built: boolean;
  seconds: Record<string, number>;
};
