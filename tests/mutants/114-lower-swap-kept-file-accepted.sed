# mm/vma_desc.c: mmap_prepare_lower(): a lower hook may swap in a file although the VMA keeps the stacking file
s/^\tif (!map_lower \&\& WARN_ON_ONCE(nested.vm_file != desc->vm_file)) {$/\tif (0 \&\& WARN_ON_ONCE(nested.vm_file != desc->vm_file)) {/
