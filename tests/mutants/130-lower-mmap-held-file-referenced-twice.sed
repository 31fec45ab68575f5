# mm/vma_desc.c: mmap_prepare_lower(): a lower ->mmap() file the caller's VMA already holds gets a second reference (leaked)
s/^\t\tif (desc->vm_file != lower)$/\t\tif (1)/
