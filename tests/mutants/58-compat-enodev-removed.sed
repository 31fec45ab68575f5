# mm/vma_desc.c: __compat_vma_mmap_prepare(): operations with neither hook no longer get -ENODEV (they get -EINVAL from file_ops_valid_mmap_hooks())
s/^\tif (!f_op->mmap_prepare)$/\tif (0 \&\& !f_op->mmap_prepare)/
