# mm/vma.c: vma_matches_desc(): a hook's NULL vm_ops compared as NULL, not as the dummy ops its VMA gets (such ranges never merge)
s/^\treturn vma->vm_ops == vma_desc_vm_ops(desc) &&$/\treturn vma->vm_ops == desc->vm_ops \&\&/
