# mm/vma.c: is_mergeable_vma(): mremap() may not grow a VMA that ->mapped() set up
s/^\tif (vma_has_mapped(vma) \&\& !(vmg->merge_flags \& VMG_FLAG_GROW_MAPPED))$/\tif (vma_has_mapped(vma))/
