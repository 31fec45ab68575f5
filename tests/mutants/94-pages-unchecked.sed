# mm/vma_desc.c: mmap_action_violation(): pages vm_insert_pages() would refuse are accepted
s/^\t\tif (!vma_desc_kernel_pages_ok(desc))$/\t\tif (0 \&\& !vma_desc_kernel_pages_ok(desc))/
