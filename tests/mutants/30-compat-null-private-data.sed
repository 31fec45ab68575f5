# mm/vma_desc.c: __compat_vma_mmap_prepare(): private_data the hook left NULL overwrites the VMA's
/^\tif (desc.private_data)$/d
