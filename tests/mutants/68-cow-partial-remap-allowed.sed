# mm/vma_desc.c: mmap_action_check(): part of a copy-on-write mapping may be remapped (refused only after the VMA exists)
s/^\t\tif (vma_desc_is_cow_mapping(desc) \&\&$/\t\tif (0 \&\& vma_desc_is_cow_mapping(desc) \&\&/
