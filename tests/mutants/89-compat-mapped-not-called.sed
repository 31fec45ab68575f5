# mm/vma_desc.c: __compat_vma_mmap_prepare(): ->mapped() is not called for a stacking caller
s/^\tif (desc.vm_ops \&\& desc.vm_ops->mapped)$/\tif (0 \&\& desc.vm_ops \&\& desc.vm_ops->mapped)/
