# mm/vma.c: __mmap_region(): ->mmap() called through file->f_op again instead of the operations read once
s/^\t\terror = f_op->mmap(file, vma);$/\t\terror = file->f_op->mmap(file, vma);/
