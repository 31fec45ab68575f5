# mm/vma.c: vma_matches_desc(): vm_ops no longer compared (a range merges into a neighbour with other vm_ops)
s/^\treturn vma->vm_ops == vma_desc_vm_ops(desc) &&$/\treturn/
