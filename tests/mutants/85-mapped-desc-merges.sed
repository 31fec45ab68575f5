# mm/vma.c: vma_matches_desc(): a description whose operations have ->mapped() may merge
s/^\treturn !(desc->vm_ops \&\& desc->vm_ops->mapped) \&\&$/\treturn 1 \&\&/
