# mm/vma.c: is_mergeable_vma(): a range may move into or out of a VMA with ->mapped()
s/^\tif (vma_has_mapped(vma) || (vmg->vma \&\& vma_has_mapped(vmg->vma)))$/\tif (0)/
