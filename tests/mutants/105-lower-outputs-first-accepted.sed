# mm/vma_desc.c: mmap_prepare_lower(): a stacking hook that set outputs before calling it is not refused
s/^\tif (WARN_ON_ONCE(desc->vm_ops || desc->private_data ||$/\tif (WARN_ON_ONCE(desc->vm_ops || 0 ||/
