# mm/vma.c: is_mergeable_vma(): a range may move into or out of a VMA with ->mapped()
s/^\tif (vma_has_mapped(vma) \&\& !(vmg->merge_flags \& VMG_FLAG_GROW_MAPPED))$/\tif (0)/
s/^\tif (vmg->vma \&\& vma_has_mapped(vmg->vma))$/\tif (0)/
