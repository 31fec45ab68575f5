# mm/vma.c: mmap_region_flags(): the flags the hook chose are not the ones checked and mapped
/^\t\t\tvm_flags = desc\.vm_flags;$/d
