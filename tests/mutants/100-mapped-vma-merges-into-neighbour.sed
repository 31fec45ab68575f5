# mm/vma.c: is_mergeable_vma(): a range of a VMA with ->mapped() may move into a neighbour without it
s/^\tif (vmg->vma \&\& vma_has_mapped(vmg->vma))$/\tif (0)/
