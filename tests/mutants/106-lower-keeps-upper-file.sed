# mm/vma_desc.c: mmap_prepare_lower(): the lower hook is told the VMA keeps the stacking file even when it is to hold the lower one
s/^\t\t.vm_file = map_lower ? lower : desc->vm_file,$/\t\t.vm_file = desc->vm_file,/
