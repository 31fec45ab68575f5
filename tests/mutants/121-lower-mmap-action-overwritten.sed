# mm/vma_desc.c: vma_desc_violation(): another action may overwrite a lower ->mmap() one
s/^\tif (unlikely(desc->action.lower.cred) \&\&$/\tif (0 \&\& unlikely(desc->action.lower.cred) \&\&/
