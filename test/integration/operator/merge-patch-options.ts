import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

/** client-node call options for a JSON merge patch (its default is JSON patch). */
export const MERGE_PATCH_OPTIONS = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
