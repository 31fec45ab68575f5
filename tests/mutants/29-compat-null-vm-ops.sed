# mm/vma_desc.c: __compat_vma_mmap_prepare(): vm_ops the hook left NULL overwrite the VMA's
/^\tif (desc.vm_ops)$/d
